// Every Redis key the store touches, built in one place. All keys of a hall share the hash tag
// `{<hall>}` so that each Lua script touches exactly one Redis Cluster slot.
import type { QueueId } from '../../domain/types.ts'

/** Global set of configured hall ids (its own slot: written from TS, never from a script). */
export const HALLS_KEY = 'qms:halls'

export interface HallKeys {
  hall: string // hash: v (config version), doc, rt, seq
  win: string // hash: windowId → WindowState JSON
  tk: string // hash: ticketId → Ticket JSON
  ev: string // stream: id `<seq>-0`, field `e` = QueueEvent JSON
  wc: string // hash: serviceId → waiting tickets (any queue)
  ws: string // hash: windowId → status (mirror of the status in `win`, for cheap open-window counts)
  live: string // pub/sub channel carrying the same event JSON (not a key)
  counter(date: string): string // hash: serviceId → last number issued that business date
  idempotency(date: string): string // hash: idempotency key → {id, s, c} JSON
  person(date: string): string // hash: `<service>|<person key>` → ticket id (keyed hash, never a raw ID)
  queue(id: QueueId): string // sorted set: ticketId scored band * 1e13 + orderAt
}

export function hallKeys(hall: string): HallKeys {
  const p = `qms:{${hall}}:`
  return {
    hall: `${p}hall`,
    win: `${p}win`,
    tk: `${p}tk`,
    ev: `${p}ev`,
    wc: `${p}wc`,
    ws: `${p}ws`,
    live: `${p}live`,
    counter: (date) => `${p}ctr:${date}`,
    idempotency: (date) => `${p}idem:${date}`,
    person: (date) => `${p}person:${date}`,
    queue: (id) => `${p}q:${id}`,
  }
}

/** Seconds a daily counter / idempotency hash outlives its business date (timezones, late retries). */
export const COUNTER_TTL_SEC = 3 * 24 * 3600
export const IDEMPOTENCY_TTL_SEC = 2 * 24 * 3600
