// One hall-day's facts and ratings → the additive figures of each report dimension's keys, so a
// report over many days sums a few rows per day instead of re-reading every ticket. Counts and
// sums add up over days exactly; means are sum / count at query time. Pure.
import type { TicketFact } from './ticket-facts.ts'

/** Dimensions kept per day: hall and date are the `total` rows grouped by their hall / day. */
export const ROLLUP_DIMS = ['total', 'service', 'window', 'clerk', 'hour', 'serviceHour'] as const
export type RollupDim = (typeof ROLLUP_DIMS)[number]

export interface DayRating {
  ticket: string
  service: string
  window: string | null
  grade: number
}

export interface RollupFigures {
  issued: number
  served: number
  no_show: number
  cancelled: number
  expired: number
  open: number
  called: number
  wait_sum_ms: number
  wait_max_ms: number | null
  handled: number
  handle_sum_ms: number
  sl_base: number
  sl_in: number
  eta_n: number
  eta_abs_sum_ms: number
  eta_sum_ms: number
  eta_within5: number
  ratings: number
  satisfied: number
  bad: number
  grade_sum: number
}

export interface RollupRow extends RollupFigures {
  dim: RollupDim
  k1: string
  k2: string
}

const ETA_WITHIN_MS = 300_000

const empty = (): RollupFigures => ({
  issued: 0,
  served: 0,
  no_show: 0,
  cancelled: 0,
  expired: 0,
  open: 0,
  called: 0,
  wait_sum_ms: 0,
  wait_max_ms: null,
  handled: 0,
  handle_sum_ms: 0,
  sl_base: 0,
  sl_in: 0,
  eta_n: 0,
  eta_abs_sum_ms: 0,
  eta_sum_ms: 0,
  eta_within5: 0,
  ratings: 0,
  satisfied: 0,
  bad: 0,
  grade_sum: 0,
})

/** The keys a ticket counts under, per dimension (the same columns the plain fact queries group by). */
function factKeys(f: TicketFact): [RollupDim, string, string][] {
  const hour = String(f.hour)
  return [
    ['total', '', ''],
    ['service', f.service, ''],
    ['window', f.window, ''],
    ['clerk', f.clerk, ''],
    ['hour', hour, ''],
    ['serviceHour', f.service, hour],
  ]
}

/** A rating counts under its own service and window, and under its ticket's clerk and hour
 *  ('' when the ticket has no fact); the hour × service view shows no ratings. */
function ratingKeys(r: DayRating, fact: TicketFact | undefined): [RollupDim, string, string][] {
  return [
    ['total', '', ''],
    ['service', r.service, ''],
    ['window', r.window ?? '', ''],
    ['clerk', fact?.clerk ?? '', ''],
    ['hour', fact ? String(fact.hour) : '', ''],
  ]
}

export function dayRollups(facts: readonly TicketFact[], ratings: readonly DayRating[]): RollupRow[] {
  const rows = new Map<string, RollupRow>()
  const at = (dim: RollupDim, k1: string, k2: string): RollupRow => {
    const id = `${dim}\u0001${k1}\u0001${k2}`
    let row = rows.get(id)
    if (!row) rows.set(id, (row = { dim, k1, k2, ...empty() }))
    return row
  }
  for (const f of facts) {
    for (const [dim, k1, k2] of factKeys(f)) {
      const r = at(dim, k1, k2)
      r.issued++
      if (f.outcome === 'served') r.served++
      else if (f.outcome === 'no_show') r.no_show++
      else if (f.outcome === 'cancelled') r.cancelled++
      else if (f.outcome === 'expired') r.expired++
      else r.open++
      if (f.waitMs !== null) {
        r.called++
        r.wait_sum_ms += f.waitMs
        r.wait_max_ms = r.wait_max_ms === null ? f.waitMs : Math.max(r.wait_max_ms, f.waitMs)
      }
      if (f.handleMs !== null) {
        r.handled++
        r.handle_sum_ms += f.handleMs
      }
      if (f.withinTarget !== null) {
        r.sl_base++
        if (f.withinTarget) r.sl_in++
      }
      if (f.etaErrorMs !== null) {
        r.eta_n++
        r.eta_abs_sum_ms += Math.abs(f.etaErrorMs)
        r.eta_sum_ms += f.etaErrorMs
        if (Math.abs(f.etaErrorMs) <= ETA_WITHIN_MS) r.eta_within5++
      }
    }
  }
  const byTicket = new Map(facts.map((f) => [f.ticket, f]))
  for (const e of ratings) {
    for (const [dim, k1, k2] of ratingKeys(e, byTicket.get(e.ticket))) {
      const r = at(dim, k1, k2)
      r.ratings++
      if (e.grade >= 4) r.satisfied++
      if (e.grade <= 2) r.bad++
      r.grade_sum += e.grade
    }
  }
  return [...rows.values()]
}
