// Throughput statistics of one hall and business day, folded from its queue events: arrivals per
// service and 15-minute slot, handling times, per-window utilisation, and the service level (the
// share of tickets called within the hall's target wait). Pure: the caller feeds events in order.

import type { QueueEvent } from '../types.ts'
import { localTime } from '../calendar.ts'
import { SLOT_SEC, SLOTS_PER_DAY } from './offered-load.ts'

export interface ServiceStats {
  arrivals: number[] // per 15-minute slot of the hall-local day
  issued: number
  called: number // first calls only
  calledWithinTarget: number
  waitSecSum: number
  completed: number
  noShows: number
  handlingSecSum: number
  /** Most recent handling times, newest last (for "running over its usual time"). */
  recentHandlingSec: number[]
}

export interface WindowStats {
  openSec: number
  pausedSec: number
  busySec: number
  served: number
  status: string
  statusSince: number
  busySince: number | null
}

interface TicketTrack {
  service: string
  issuedAt: number
  calledAt: number | null
  everCalled: boolean
}

export interface HallStats {
  timezone: string
  targetWaitSec: number
  services: Record<string, ServiceStats>
  windows: Record<string, WindowStats>
  tickets: Map<string, TicketTrack>
  lastSeq: number
}

export const RECENT_HANDLING_KEPT = 20

export function newHallStats(timezone: string, targetWaitSec: number): HallStats {
  return { timezone, targetWaitSec, services: {}, windows: {}, tickets: new Map(), lastSeq: 0 }
}

const serviceOf = (s: HallStats, id: string): ServiceStats =>
  (s.services[id] ??= {
    arrivals: new Array<number>(SLOTS_PER_DAY).fill(0),
    issued: 0,
    called: 0,
    calledWithinTarget: 0,
    waitSecSum: 0,
    completed: 0,
    noShows: 0,
    handlingSecSum: 0,
    recentHandlingSec: [],
  })

const windowOf = (s: HallStats, id: string, at: number): WindowStats =>
  (s.windows[id] ??= {
    openSec: 0,
    pausedSec: 0,
    busySec: 0,
    served: 0,
    status: 'closed',
    statusSince: at,
    busySince: null,
  })

/** Bring a window's time counters up to `at`. */
function accrue(w: WindowStats, at: number): void {
  const dt = Math.max(0, at - w.statusSince) / 1000
  if (w.status === 'open') w.openSec += dt
  if (w.status === 'paused') w.pausedSec += dt
  w.statusSince = at
  if (w.busySince !== null) {
    w.busySec += Math.max(0, at - w.busySince) / 1000
    w.busySince = at
  }
}

function endOccupancy(s: HallStats, e: QueueEvent, ticket: TicketTrack | undefined): void {
  if (e.window === undefined) return
  const w = windowOf(s, e.window, e.at)
  accrue(w, e.at)
  w.busySince = null
  if (ticket?.calledAt == null) return
  const sec = (e.at - ticket.calledAt) / 1000
  ticket.calledAt = null
  if (e.type !== 'ticket.done') return
  const svc = serviceOf(s, ticket.service)
  svc.completed++
  svc.handlingSecSum += sec
  svc.recentHandlingSec.push(sec)
  if (svc.recentHandlingSec.length > RECENT_HANDLING_KEPT) svc.recentHandlingSec.shift()
  w.served++
}

export function applyEvent(s: HallStats, e: QueueEvent): void {
  if (e.seq <= s.lastSeq) return // already folded (a replay after reconnecting)
  s.lastSeq = e.seq
  const ticket = e.ticket === undefined ? undefined : s.tickets.get(e.ticket)
  switch (e.type) {
    case 'ticket.issued': {
      if (e.ticket === undefined || e.service === undefined) return
      s.tickets.set(e.ticket, { service: e.service, issuedAt: e.at, calledAt: null, everCalled: false })
      const svc = serviceOf(s, e.service)
      svc.issued++
      const slot = Math.floor(localTime(s.timezone, e.at).secondOfDay / SLOT_SEC)
      svc.arrivals[slot]!++
      return
    }
    case 'ticket.called':
    case 'ticket.resumed': {
      if (!ticket) return
      if (e.service !== undefined) ticket.service = e.service
      ticket.calledAt = e.at
      if (e.window !== undefined) {
        const w = windowOf(s, e.window, e.at)
        accrue(w, e.at)
        w.busySince = e.at
      }
      if (e.type === 'ticket.called' && !ticket.everCalled) {
        ticket.everCalled = true
        const svc = serviceOf(s, ticket.service)
        const wait = (e.at - ticket.issuedAt) / 1000
        svc.called++
        svc.waitSecSum += wait
        if (wait <= s.targetWaitSec) svc.calledWithinTarget++
      }
      return
    }
    case 'ticket.done':
    case 'ticket.no_show':
    case 'ticket.held':
    case 'ticket.cancelled':
    case 'ticket.transferred': {
      if (ticket?.calledAt != null) endOccupancy(s, e, ticket)
      if (e.type === 'ticket.no_show' && ticket) serviceOf(s, ticket.service).noShows++
      if (e.type === 'ticket.transferred' && ticket && e.service !== undefined) ticket.service = e.service
      return
    }
    case 'window.status': {
      if (e.window === undefined) return
      const w = windowOf(s, e.window, e.at)
      accrue(w, e.at)
      w.status = e.status ?? w.status
      return
    }
    default:
      return
  }
}

export interface ServiceSummary {
  service: string
  issued: number
  called: number
  serviceLevel: number | null // share called within target (null before any call)
  meanWaitSec: number | null
  meanHandlingSec: number | null
  noShowShare: number | null
}

export interface WindowSummary {
  window: string
  openSec: number
  pausedSec: number
  busySec: number
  served: number
  utilisation: number | null // busy ÷ open time
}

export function summarize(s: HallStats, now: number): { services: ServiceSummary[]; windows: WindowSummary[] } {
  const services = Object.entries(s.services).map(([service, x]) => ({
    service,
    issued: x.issued,
    called: x.called,
    serviceLevel: x.called > 0 ? x.calledWithinTarget / x.called : null,
    meanWaitSec: x.called > 0 ? x.waitSecSum / x.called : null,
    meanHandlingSec: x.completed > 0 ? x.handlingSecSum / x.completed : null,
    noShowShare: x.called > 0 ? x.noShows / x.called : null,
  }))
  const windows = Object.entries(s.windows).map(([window, w]) => {
    const copy = { ...w }
    accrue(copy, Math.max(now, copy.statusSince))
    return {
      window,
      openSec: copy.openSec,
      pausedSec: copy.pausedSec,
      busySec: copy.busySec,
      served: copy.served,
      utilisation: copy.openSec > 0 ? Math.min(1, copy.busySec / copy.openSec) : null,
    }
  })
  return { services, windows }
}
