// WebSocket close codes of the live channel (documented in docs/live-channel.md). The 44xx codes
// mirror the HTTP status a REST call would get, so clients can treat them alike.
export const CLOSE = {
  /** Server shutting down; reconnect (with `since`) to another instance. */
  GOING_AWAY: 1001,
  /** The store failed while the connection was being set up; retry with backoff. */
  INTERNAL: 1011,
  /** Malformed request (bad `since`). Do not retry unchanged. */
  BAD_REQUEST: 4400,
  /** No credentials, or an unknown/expired/revoked token, or an unknown ticket id. */
  UNAUTHORIZED: 4401,
  /** A valid token that is not scoped to this hall. */
  FORBIDDEN: 4403,
  /** The hall does not exist. */
  HALL_NOT_FOUND: 4404,
  /** The client reads too slowly: too much data waited in the send buffer. Reconnect with `since`. */
  SLOW_CONSUMER: 4408,
} as const

export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE]
