// One archived ticket → its statistics fact. Pure.
import { localTime } from '../domain/calendar.ts'

export interface ArchivedTicket {
  id: string
  service: string
  window: string | null
  outcome: string | null
  issuedAt: number
  calledAt: number | null
  startedAt: number | null
  finishedAt: number | null
  etaAtIssueSec: number | null
}

export interface TicketFact {
  ticket: string
  service: string
  window: string
  clerk: string
  hour: number
  outcome: 'served' | 'no_show' | 'cancelled' | 'expired' | 'open'
  waitMs: number | null
  handleMs: number | null
  withinTarget: boolean | null
  etaErrorMs: number | null
}

export function outcomeClass(outcome: string | null): TicketFact['outcome'] {
  if (outcome === null) return 'open'
  if (outcome === 'no_show' || outcome === 'cancelled' || outcome === 'expired') return outcome
  return 'served' // completed, or the clerk's own outcome of a done ticket
}

/**
 * Service level: a called ticket counts as within target when its wait ≤ target, and as outside
 * when longer. A ticket never called counts as outside once it waited longer than the target
 * (cancelled or expired late, or still waiting at `until`); one that left earlier is not counted.
 */
export function ticketFact(
  t: ArchivedTicket,
  clerk: string | null,
  timezone: string,
  targetMs: number,
  until: number,
): TicketFact {
  const outcome = outcomeClass(t.outcome)
  const waitMs = t.calledAt === null ? null : t.calledAt - t.issuedAt
  let withinTarget: boolean | null
  if (waitMs !== null) withinTarget = waitMs <= targetMs
  else {
    const waitedUntil = t.finishedAt ?? until
    withinTarget = waitedUntil - t.issuedAt > targetMs ? false : null
  }
  const handleFrom = t.startedAt ?? t.calledAt
  return {
    ticket: t.id,
    service: t.service,
    window: t.window ?? '',
    clerk: clerk ?? '',
    hour: Math.floor(localTime(timezone, t.issuedAt).secondOfDay / 3600),
    outcome,
    waitMs,
    handleMs: outcome === 'served' && handleFrom !== null && t.finishedAt !== null ? t.finishedAt - handleFrom : null,
    withinTarget,
    etaErrorMs: waitMs !== null && t.etaAtIssueSec !== null ? waitMs - t.etaAtIssueSec * 1000 : null,
  }
}
