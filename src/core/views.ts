// What the API shows: tickets, windows and hall state rendered for clients. Times are ISO 8601
// in the hall's offset; waits are whole minutes (etaMinutes = ceil(etaSec / 60)).

import type { HallDocument } from '../config/hall-document.ts'
import {
  NORMAL_CLASS,
  type HallSnapshot,
  type Ticket,
  type TicketStatus,
  type WindowSnapshot,
  type WindowState,
  type WindowStatus,
} from '../domain/types.ts'
import { isoInZone } from '../domain/iso-time.ts'

export interface TicketSummary {
  id: string
  number: string
  service: string
  class: string
  status: TicketStatus
}

export interface TicketApiView extends TicketSummary {
  hall: string
  priority: boolean // any class but normal
  ahead: number
  etaMinutes: number
  /** The forecast's 10–90% interval, when the predictor has one for this ticket. */
  etaP10Minutes?: number
  etaP90Minutes?: number
  issuedAt: string
  window?: string
  calledAt?: string
  startedAt?: string
  finishedAt?: string
  recalls: number
  transfers: number
  requeues: number
  rule?: string
  outcome?: string
  /** Masked identity of the holder (`4403**********1234`), when one was given. */
  holder?: string
}

export interface WindowApiView {
  id: string
  name?: string
  status: WindowStatus
  reason?: string
  since: string
  current?: TicketSummary
  queueLength?: number
}

export interface StateApiView {
  hall: string
  seq: number
  at: string
  windows: WindowApiView[]
  services: {
    id: string
    name?: string
    waiting: number
    openWindows: number
    etaMinutes: number
    oldestWaitSec: number
  }[]
}

export const etaMinutes = (etaSec: number): number => Math.max(0, Math.ceil(etaSec / 60))

export const summaryOf = (t: Pick<Ticket, 'id' | 'number' | 'service' | 'class' | 'status'>): TicketSummary => ({
  id: t.id,
  number: t.number,
  service: t.service,
  class: t.class,
  status: t.status,
})

/** A ticket's wait: `p10`/`p90` when a forecast gave an interval. */
export interface WaitFigures {
  ahead: number
  etaSec: number
  p10?: number
  p90?: number
}

/** `ahead`/`etaSec` are only meaningful while waiting; other tickets show 0. */
export function ticketView(t: Ticket, timezone: string, wait: WaitFigures = { ahead: 0, etaSec: 0 }): TicketApiView {
  const waiting = t.status === 'waiting'
  const view: TicketApiView = {
    ...summaryOf(t),
    hall: t.hall,
    priority: t.class !== NORMAL_CLASS,
    ahead: waiting ? wait.ahead : 0,
    etaMinutes: waiting ? etaMinutes(wait.etaSec) : 0,
    issuedAt: isoInZone(t.issuedAt, timezone),
    recalls: t.recalls,
    transfers: t.transfers,
    requeues: t.requeues,
  }
  if (waiting && wait.p10 !== undefined && wait.p90 !== undefined) {
    view.etaP10Minutes = etaMinutes(wait.p10)
    view.etaP90Minutes = etaMinutes(wait.p90)
  }
  if (t.window !== null) view.window = t.window
  if (t.calledAt !== null) view.calledAt = isoInZone(t.calledAt, timezone)
  if (t.startedAt !== null) view.startedAt = isoInZone(t.startedAt, timezone)
  if (t.finishedAt !== null) view.finishedAt = isoInZone(t.finishedAt, timezone)
  if (t.rule !== null) view.rule = t.rule
  if (t.outcome !== null) view.outcome = t.outcome
  if (t.holder !== undefined) view.holder = t.holder
  return view
}

const nameOfWindow = (doc: HallDocument, id: string): string | undefined => doc.windows.find((w) => w.id === id)?.name

export function windowView(
  w: WindowState | WindowSnapshot,
  doc: HallDocument,
  current: TicketSummary | null,
): WindowApiView {
  const view: WindowApiView = { id: w.id, status: w.status, since: isoInZone(w.since, doc.timezone) }
  const name = nameOfWindow(doc, w.id)
  if (name !== undefined) view.name = name
  if (w.reason !== null) view.reason = w.reason
  if (current) view.current = current
  if ('queueLength' in w) view.queueLength = w.queueLength
  return view
}

/** `serviceEtaSec`: a forecast per service (the predictor's "new ticket" probes) over the simple one. */
export function stateView(
  s: HallSnapshot,
  doc: HallDocument,
  serviceEtaSec: Record<string, number> | null = null,
): StateApiView {
  const serviceName = (id: string): string | undefined => doc.services.find((x) => x.id === id)?.name
  return {
    hall: s.hall,
    seq: s.seq,
    at: isoInZone(s.at, doc.timezone),
    windows: s.windows.map((w) => windowView(w, doc, w.currentTicket ? summaryOf(w.currentTicket) : null)),
    services: s.services.map((x) => {
      const name = serviceName(x.id)
      return {
        id: x.id,
        ...(name !== undefined && { name }),
        waiting: x.waiting,
        openWindows: x.openWindows,
        etaMinutes: etaMinutes(serviceEtaSec?.[x.id] ?? x.etaSec),
        oldestWaitSec: x.oldestWaitSec,
      }
    }),
  }
}
