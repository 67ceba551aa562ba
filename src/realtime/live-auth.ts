// Who may open a hall's live channel: any token scoped to the hall (display, clerk, manager,
// device, admin), sent as `Authorization: Bearer` or `?token=` (browsers cannot set headers on a
// WebSocket), or `?ticket=<id>` with a ticket of that hall (the mobile ticket page: the id is the
// secret, so such viewers get other tickets' ids redacted, see redact.ts).
import { bearerToken, resolvePrincipal } from '../auth/authenticate.ts'
import { canReadHall, type Principal } from '../auth/principal.ts'
import type { TokenStore } from '../auth/token-store.ts'
import { ID_PATTERN } from '../config/hall-schema.ts'
import type { QueueStore } from '../store/port.ts'
import { CLOSE, type CloseCode } from './close-codes.ts'

export type LiveViewer = { kind: 'principal'; principal: Principal } | { kind: 'ticket'; ticket: string }

export type LiveAccess = { ok: true; viewer: LiveViewer } | { ok: false; code: CloseCode; reason: string }

export interface LiveCredentials {
  authorization?: string | undefined
  token?: string | undefined
  ticket?: string | undefined
}

export interface LiveAuthDeps {
  store: QueueStore
  tokens: TokenStore
  adminToken?: string | undefined
}

const HALL_ID = new RegExp(ID_PATTERN)
// Ticket ids are random base64url; anything else cannot be one, so it never reaches the store.
const TICKET_ID = /^[A-Za-z0-9_-]{8,64}$/

const deny = (code: CloseCode, reason: string): LiveAccess => ({ ok: false, code, reason })

export async function authorizeLive(
  deps: LiveAuthDeps,
  hall: string,
  creds: LiveCredentials,
  now = Date.now(),
): Promise<LiveAccess> {
  const secret = bearerToken(creds.authorization) ?? (creds.token ? bearerToken(`Bearer ${creds.token}`) : null)
  if (secret) {
    const principal = await resolvePrincipal(deps.tokens, deps.adminToken, secret, now)
    if (!principal) return deny(CLOSE.UNAUTHORIZED, 'invalid token')
    if (!canReadHall(principal, hall)) return deny(CLOSE.FORBIDDEN, 'token not scoped to this hall')
    if (!(await hallExists(deps.store, hall))) return deny(CLOSE.HALL_NOT_FOUND, 'hall not found')
    return { ok: true, viewer: { kind: 'principal', principal } }
  }
  if (creds.ticket !== undefined) {
    if (!(await hallExists(deps.store, hall))) return deny(CLOSE.HALL_NOT_FOUND, 'hall not found')
    const ticket = TICKET_ID.test(creds.ticket) ? await deps.store.getTicket(hall, creds.ticket) : null
    if (!ticket) return deny(CLOSE.UNAUTHORIZED, 'unknown ticket')
    return { ok: true, viewer: { kind: 'ticket', ticket: ticket.id } }
  }
  return deny(CLOSE.UNAUTHORIZED, creds.authorization || creds.token ? 'malformed token' : 'missing credentials')
}

async function hallExists(store: QueueStore, hall: string): Promise<boolean> {
  return HALL_ID.test(hall) && (await store.getHall(hall)) !== null
}
