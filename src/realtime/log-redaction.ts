// Browsers cannot set headers on a WebSocket, so live-channel credentials travel in the query
// string (`?token=`, `?ticket=`), and Fastify's request log line would print them. The app's
// logger should use `requestSerializer` (Fastify option `logger.serializers.req`).

const SECRET_PARAMS = /([?&](?:token|ticket)=)[^&#]*/gi

/** The URL with the values of `token` and `ticket` query parameters replaced. */
export const redactUrlSecrets = (url: string): string => url.replace(SECRET_PARAMS, '$1[redacted]')

interface LoggedRequest {
  method: string
  url: string
  host?: string
  ip?: string
  headers?: Record<string, unknown>
  socket?: { remotePort?: number } | null
}

/** Fastify's default `req` serializer, with the query-string secrets redacted. */
export function requestSerializer(req: LoggedRequest): Record<string, unknown> {
  return {
    method: req.method,
    url: redactUrlSecrets(req.url),
    version: req.headers?.['accept-version'],
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  }
}
