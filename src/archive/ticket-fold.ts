// A ticket's archive row is a pure function of its archived events (in seq order). Recomputing it
// from all of them on every batch makes the archive idempotent and indifferent to delivery order:
// re-delivered or late events change nothing but what they really add.
import type { QueueEvent } from '../domain/types.ts'

export interface FoldedTicket {
  hall: string
  id: string
  number: string
  service: string
  class: string
  businessDate: string
  status: string
  outcome: string | null // null while the ticket is still open
  window: string | null
  rule: string | null
  issuedAt: number | null
  calledAt: number | null // first call
  startedAt: number | null
  finishedAt: number | null
  recalls: number
  requeues: number
  transfers: number
  aheadAtIssue: number | null
  etaAtIssueSec: number | null
  firstSeq: number
  lastSeq: number
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null)

/**
 * Folds one ticket's events (any order; sorted here). `dateOf` gives the business date of an
 * instant (the hall's local date) for events that do not carry `data.date`.
 */
export function foldTicket(events: readonly QueueEvent[], dateOf: (at: number) => string): FoldedTicket | null {
  const sorted = [...events].filter((e) => e.ticket).sort((a, b) => a.seq - b.seq)
  const first = sorted[0]
  if (!first) return null
  const t: FoldedTicket = {
    hall: first.hall,
    id: first.ticket!,
    number: first.number ?? '',
    service: first.service ?? '',
    class: first.class ?? 'normal',
    businessDate: str(first.data?.date) ?? dateOf(num(first.data?.issuedAt) ?? first.at),
    status: first.status ?? 'waiting',
    outcome: null,
    window: null,
    rule: null,
    issuedAt: null,
    calledAt: null,
    startedAt: null,
    finishedAt: null,
    recalls: 0,
    requeues: 0,
    transfers: 0,
    aheadAtIssue: null,
    etaAtIssueSec: null,
    firstSeq: first.seq,
    lastSeq: first.seq,
  }
  for (const e of sorted) apply(t, e)
  return t
}

function apply(t: FoldedTicket, e: QueueEvent): void {
  const d = e.data ?? {}
  t.lastSeq = e.seq
  if (e.number) t.number = e.number
  if (e.service) t.service = e.service
  if (e.class) t.class = e.class
  if (e.status) t.status = e.status
  // Ticket events carry the ticket's window after the change (absent = none), see domain/events.ts.
  t.window = e.window ?? null
  switch (e.type) {
    case 'ticket.issued':
      t.issuedAt = num(d.issuedAt) ?? e.at
      t.aheadAtIssue = num(d.ahead) ?? num(d.aheadAtIssue)
      t.etaAtIssueSec = num(d.etaSec) ?? num(d.etaAtIssueSec)
      t.businessDate = str(d.date) ?? t.businessDate
      break
    case 'ticket.called':
      t.calledAt ??= e.at
      t.rule = str(d.rule) ?? t.rule
      break
    case 'ticket.recalled':
      t.recalls = num(d.recalls) ?? t.recalls + 1
      break
    case 'ticket.started':
      t.startedAt = e.at
      break
    case 'ticket.done':
      t.finishedAt = e.at
      t.outcome = str(d.outcome) ?? 'completed'
      break
    case 'ticket.no_show':
      t.finishedAt = e.at
      t.outcome = 'no_show'
      break
    case 'ticket.cancelled':
      t.finishedAt = e.at
      t.outcome = 'cancelled'
      break
    case 'ticket.requeued':
      t.requeues += 1
      t.finishedAt = null
      t.outcome = null
      break
    case 'ticket.transferred':
      t.transfers += 1
      t.startedAt = null
      break
    default:
      break // held, resumed, reassigned: status/window above say it all
  }
}
