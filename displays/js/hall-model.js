// The client-side picture of a hall: windows (exact: from the snapshot, then every event), service
// counts and the oldest wait per service (from the snapshot, refreshed from GET /state after
// events), recent calls, missed numbers and held tickets seen since the page opened.
import { timeMs } from './format.js'

const ACTIVE = new Set(['called', 'serving'])
const CALLS = new Set(['ticket.called', 'ticket.recalled'])
const RECENT_MAX = 20

const summary = (t) => (t ? { id: t.id, number: t.number, service: t.service, status: t.status, class: t.class } : null)

/** A window from a HallSnapshot (currentTicket) or a state view (current: summary). */
function normalizeWindow(w) {
  const current = w.currentTicket !== undefined ? w.currentTicket : typeof w.current === 'object' ? w.current : null
  return {
    id: w.id,
    status: w.status,
    reason: w.reason ?? null,
    since: timeMs(w.since),
    current: summary(current),
    queueLength: w.queueLength ?? 0,
  }
}

/** `receivedAt`: this page's clock when the data arrived. The server's `oldestWaitSec` is anchored
 *  to it, never to the server's `at`, so a skewed clock on either side does not distort waits. */
function normalizeService(s, receivedAt) {
  const etaMinutes = s.etaMinutes ?? (typeof s.etaSec === 'number' ? Math.ceil(s.etaSec / 60) : null)
  const oldestSince = typeof s.oldestWaitSec === 'number' ? receivedAt - s.oldestWaitSec * 1000 : null
  return { id: s.id, waiting: s.waiting ?? 0, openWindows: s.openWindows ?? null, etaMinutes, oldestSince }
}

const minutesOfSec = (sec) => Math.max(0, Math.ceil(sec / 60))

export class HallModel {
  constructor() {
    this.seq = null
    this.snapshotAt = null
    this.windows = new Map()
    this.services = new Map()
    this.recent = [] // newest first: {ticket, number, service, class, window, at, recall}
    this.lastCall = null // the newest call seen live (not one inferred from a snapshot)
    this.missed = new Map() // ticket id (or number) → {number, service, at}
    this.held = new Map() // ticket id → {id, number, service, window, at}
  }

  /** A live `forecast` message: the predictor's per-service waits (what a new ticket would wait). */
  applyForecast(msg) {
    let changed = false
    for (const [id, f] of Object.entries(msg?.services ?? {})) {
      const s = this.services.get(id)
      if (!s || typeof f?.etaSec !== 'number') continue
      s.etaMinutes = minutesOfSec(f.etaSec)
      changed = true
    }
    return changed
  }

  applySnapshot(snapshot, now = Date.now()) {
    this.seq = snapshot.seq
    this.snapshotAt = timeMs(snapshot.at) ?? now
    this.windows = new Map(snapshot.windows.map((w) => [w.id, normalizeWindow(w)]))
    this.services = new Map(snapshot.services.map((s) => [s.id, normalizeService(s, now)]))
    // Before any live call, the tickets windows are calling now stand in for recent calls.
    if (this.recent.length === 0) {
      this.recent = [...this.windows.values()]
        .filter((w) => w.current?.status === 'called')
        .map((w) => ({
          ticket: w.current.id,
          number: w.current.number,
          service: w.current.service,
          class: w.current.class,
          window: w.id,
          at: null,
          recall: false,
        }))
    }
  }

  /** Service counts from GET /state; ignored when older than what the events already told. */
  applyState(state, now = Date.now()) {
    if (typeof state.seq === 'number' && this.seq !== null && state.seq < this.seq) return false
    for (const s of state.services ?? []) this.services.set(s.id, normalizeService(s, now))
    return true
  }

  /** Applies one live event; returns the call ({number, window, …}) when it is one, else null. */
  applyEvent(e) {
    this.seq = e.seq
    if (e.type === 'window.status') {
      const w = this.windows.get(e.window)
      if (w) Object.assign(w, { status: e.status, reason: e.data?.reason ?? null, since: e.at })
      return null
    }
    if (!e.type.startsWith('ticket.')) return null
    this.trackTicketWindows(e)
    this.trackMissedAndHeld(e)
    if (!CALLS.has(e.type) || !e.window) return null
    const call = {
      ticket: e.ticket ?? null,
      number: e.number,
      service: e.service,
      class: e.class,
      window: e.window,
      at: e.at,
      recall: e.type === 'ticket.recalled',
    }
    this.lastCall = call
    this.recent = [call, ...this.recent.filter((c) => !(c.number === call.number && c.window === call.window))].slice(
      0,
      RECENT_MAX,
    )
    return call
  }

  trackTicketWindows(e) {
    const key = (c) => (e.ticket ? c?.id === e.ticket : c?.number === e.number)
    for (const w of this.windows.values()) if (key(w.current)) w.current = null
    if (ACTIVE.has(e.status) && e.window && this.windows.has(e.window)) {
      this.windows.get(e.window).current = {
        id: e.ticket ?? null,
        number: e.number,
        service: e.service,
        status: e.status,
        class: e.class,
      }
    }
  }

  trackMissedAndHeld(e) {
    const id = e.ticket ?? e.number
    if (e.type === 'ticket.no_show')
      this.missed.set(id, { number: e.number, service: e.service, window: e.window ?? null, at: e.at })
    else this.missed.delete(id)
    if (e.type === 'ticket.held')
      this.held.set(id, { id: e.ticket, number: e.number, service: e.service, window: e.window, at: e.at })
    else if (e.status !== 'held') this.held.delete(id)
  }

  /** How long the oldest waiting ticket of a service has waited, in ms (server's `oldestWaitSec`,
   *  plus the time since it arrived); null when nobody waits or the server did not say. */
  oldestWait(serviceId, now = Date.now()) {
    const s = this.services.get(serviceId)
    if (!s || !s.waiting || s.oldestSince === null) return null
    return Math.max(0, now - s.oldestSince)
  }

  windowList(order) {
    return order ? order.map((id) => this.windows.get(id)).filter(Boolean) : [...this.windows.values()]
  }
}
