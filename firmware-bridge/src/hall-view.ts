// The bridge's picture of one hall, kept from the core's events (fast, ordered) and refreshed from
// snapshots (authoritative counts). Window states and current numbers follow events; waiting
// counts and estimates come from snapshots, which the bridge re-reads shortly after each change.
// A snapshot may be ahead of the events still in flight: it never swallows those events (each
// call is still announced), and each window remembers the seq of its state so an older event
// does not roll a display back.
import type { HallState } from './core-api.ts'
import type { EventMessage } from '../../src/mqtt/event-message.ts'

export type WindowStatus = 'open' | 'paused' | 'closed'

export interface WindowView {
  status: WindowStatus
  ticket: string | null
  number: string | null
  services: string[]
  ownQueue: number
  seq: number // seq of the event or snapshot its status/ticket come from
}

export interface RecentCall {
  seq: number
  number: string
  window: string
  recall: boolean
}

export interface ServiceView {
  waiting: number
  etaSec: number
}

export interface Change {
  windows: Set<string> // windows whose display/keypad should be re-rendered
  board: boolean
  call: RecentCall | null // a call or recall to announce
  finished: { ticket: string; number: string; window: string } | null // ended service: prompt evaluation
  needsSnapshot: boolean // waiting counts may have moved
  reloadConfig: boolean
}

const MAX_RECENT = 20

export class HallView {
  seq = 0 // last event applied
  private synced = false
  readonly windows = new Map<string, WindowView>()
  readonly services = new Map<string, ServiceView>()
  readonly recent: RecentCall[] = []

  constructor(windowServices: Record<string, string[]>) {
    this.setWindows(windowServices)
  }

  setWindows(windowServices: Record<string, string[]>): void {
    for (const id of [...this.windows.keys()]) if (!(id in windowServices)) this.windows.delete(id)
    for (const [id, services] of Object.entries(windowServices)) {
      const w = this.windows.get(id)
      if (w) w.services = services
      else this.windows.set(id, { status: 'closed', ticket: null, number: null, services, ownQueue: 0, seq: 0 })
    }
  }

  /** Takes counts always; a window's state only when the snapshot is newer than what it shows.
   *  The first snapshot also sets where events start (calls before the bridge ran are not announced). */
  applySnapshot(s: HallState): Set<string> {
    const changed = new Set<string>()
    this.services.clear()
    for (const svc of s.services) this.services.set(svc.id, { waiting: svc.waiting, etaSec: svc.etaMinutes * 60 })
    for (const w of s.windows) {
      const v = this.windows.get(w.id)
      if (!v) continue
      v.ownQueue = w.queueLength ?? 0
      changed.add(w.id)
      if (s.seq < v.seq) continue
      v.seq = s.seq
      v.status = w.status
      v.ticket = w.current?.id ?? null
      v.number = w.current?.number ?? null
    }
    if (!this.synced) this.seq = Math.max(this.seq, s.seq)
    this.synced = true
    return changed
  }

  /** Waiting for a window: every waiting ticket of the services it serves (those counts already
   *  include tickets parked in window queues), plus its own queue when it holds nothing of them. */
  waitingFor(window: string): number {
    const w = this.windows.get(window)
    if (!w) return 0
    const ofServices = w.services.reduce((n, s) => n + (this.services.get(s)?.waiting ?? 0), 0)
    return Math.max(ofServices, w.ownQueue)
  }

  apply(ev: EventMessage): Change | null {
    if (ev.seq <= this.seq) return null // duplicate (QoS 1) or already in a snapshot
    const change: Change = {
      windows: new Set(),
      board: false,
      call: null,
      finished: null,
      needsSnapshot: ev.seq > this.seq + 1,
      reloadConfig: false,
    }
    this.seq = ev.seq
    const target = ev.window ? this.windows.get(ev.window) : undefined
    // A window whose state already comes from a later snapshot ignores this (older) event.
    const w = target && ev.seq > target.seq ? target : undefined
    if (w) w.seq = ev.seq
    switch (ev.type) {
      case 'ticket.called':
      case 'ticket.recalled':
      case 'ticket.resumed':
        if (target && ev.window && ev.number) {
          // Every call is announced and listed, even when a snapshot already showed its result.
          if (ev.type !== 'ticket.resumed') {
            change.call = { seq: ev.seq, number: ev.number, window: ev.window, recall: ev.type === 'ticket.recalled' }
            this.recent.unshift(change.call)
            this.recent.length = Math.min(this.recent.length, MAX_RECENT)
            change.board = true
          }
          if (w) {
            w.ticket = ev.ticket
            w.number = ev.number
            change.windows.add(ev.window)
            change.board = true
          }
        }
        break
      case 'ticket.done':
      case 'ticket.no_show':
      case 'ticket.held':
      case 'ticket.cancelled':
      case 'ticket.transferred':
        if (ev.type === 'ticket.done' && target && ev.window && ev.ticket && ev.number)
          change.finished = { ticket: ev.ticket, number: ev.number, window: ev.window }
        for (const [id, view] of this.windows) {
          if (view.ticket !== null && view.ticket === ev.ticket && (view === w || ev.seq > view.seq)) {
            view.seq = ev.seq
            view.ticket = null
            view.number = null
            change.windows.add(id)
            change.board = true
          }
        }
        break
      case 'window.status':
        if (w && ev.window && (ev.status === 'open' || ev.status === 'paused' || ev.status === 'closed')) {
          w.status = ev.status
          change.windows.add(ev.window)
          change.board = true
        }
        break
      case 'hall.configured':
        change.reloadConfig = true
        break
    }
    if (ev.type !== 'hall.configured' && ev.type !== 'ticket.started') change.needsSnapshot = true
    return change
  }
}
