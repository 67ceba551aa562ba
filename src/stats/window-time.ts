// Window time from the event stream: how long each window was open (busy with a ticket, or idle)
// and paused within a period. Pure: events in seq order plus each window's status at the start.
//
// A window is busy while a ticket is its current one: from `ticket.called` / `ticket.resumed`
// until that ticket leaves it (done, no-show, held, transferred, cancelled). Idle = open and not
// busy. Paused time counts as paused whatever the window holds.
import type { QueueEvent } from '../domain/types.ts'

export interface WindowTime {
  openMs: number
  pausedMs: number
  busyMs: number
  idleMs: number
}

interface State {
  status: string
  current: string | null
  since: number
  time: WindowTime
}

const ON_WINDOW = new Set(['called', 'serving'])

export function windowTimes(
  events: readonly QueueEvent[],
  initial: ReadonlyMap<string, string>, // window → status at `from`
  from: number,
  until: number,
): Map<string, WindowTime> {
  const states = new Map<string, State>()
  const state = (w: string): State => {
    let s = states.get(w)
    if (!s) {
      s = {
        status: initial.get(w) ?? 'closed',
        current: null,
        since: from,
        time: { openMs: 0, pausedMs: 0, busyMs: 0, idleMs: 0 },
      }
      states.set(w, s)
    }
    return s
  }
  for (const w of initial.keys()) state(w)
  const ticketAt = new Map<string, string>() // ticket → window it is current at

  const advance = (s: State, to: number): void => {
    const start = Math.max(s.since, from)
    const end = Math.min(to, until)
    if (end > start) {
      const d = end - start
      if (s.status === 'open') {
        s.time.openMs += d
        if (s.current) s.time.busyMs += d
        else s.time.idleMs += d
      } else if (s.status === 'paused') s.time.pausedMs += d
    }
    s.since = Math.max(s.since, to)
  }

  for (const e of events) {
    if (e.at >= until) break
    if (e.type === 'window.status' && e.window) {
      const s = state(e.window)
      advance(s, e.at)
      s.status = e.status ?? s.status
      continue
    }
    if (!e.ticket) continue
    const at = ticketAt.get(e.ticket)
    if (at !== undefined && !(ON_WINDOW.has(e.status ?? '') && e.window === at)) {
      const s = state(at)
      advance(s, e.at)
      if (s.current === e.ticket) s.current = null
      ticketAt.delete(e.ticket)
    }
    if ((e.type === 'ticket.called' || e.type === 'ticket.resumed') && e.window) {
      const s = state(e.window)
      advance(s, e.at)
      s.current = e.ticket
      ticketAt.set(e.ticket, e.window)
    }
  }
  for (const s of states.values()) advance(s, until)
  return new Map([...states].map(([w, s]) => [w, s.time]))
}
