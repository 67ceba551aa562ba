// Where past arrivals come from for the forecast: the Postgres archive in production (the tickets
// table, one row per ticket), or a map in tests and on a fresh laptop.

import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { addDays, localTime } from '../domain/calendar.ts'
import type { ArrivalHistory, DayCounts } from '../domain/alloc/forecast.ts'
import { SLOT_SEC, SLOTS_PER_DAY } from '../domain/alloc/offered-load.ts'

export interface ArrivalHistorySource {
  /** Arrivals per service and slot for each business date in [from, to] that has any. */
  load(hall: string, timezone: string, from: string, to: string): Promise<ArrivalHistory>
}

/** Folds issue times into per-date, per-service slot counts. */
export function countArrivals(
  rows: Iterable<{ service: string; issuedAt: number }>,
  timezone: string,
): Map<string, DayCounts> {
  const out = new Map<string, DayCounts>()
  for (const r of rows) {
    const t = localTime(timezone, r.issuedAt)
    const day = out.get(t.date) ?? {}
    const slots = (day[r.service] ??= new Array<number>(SLOTS_PER_DAY).fill(0))
    slots[Math.floor(t.secondOfDay / SLOT_SEC)]!++
    out.set(t.date, day)
  }
  return out
}

export function pgArrivalHistory(db: Kysely<Database>): ArrivalHistorySource {
  return {
    async load(hall, timezone, from, to) {
      const rows = await db
        .selectFrom('tickets')
        .select(['service_id', 'issued_at'])
        .where('hall_id', '=', hall)
        .where('business_date', '>=', from)
        .where('business_date', '<=', to)
        .where('issued_at', 'is not', null)
        .execute()
      return countArrivals(
        rows.map((r) => ({ service: r.service_id, issuedAt: (r.issued_at as Date).getTime() })),
        timezone,
      )
    },
  }
}

export function memoryArrivalHistory(byHall: Map<string, Map<string, DayCounts>>): ArrivalHistorySource {
  return {
    async load(hall, _timezone, from, to) {
      const all = byHall.get(hall) ?? new Map<string, DayCounts>()
      return new Map([...all].filter(([d]) => d >= from && d <= to))
    },
  }
}

/** The dates a forecast for `date` reads: the recent weeks and last year's same season. */
export function historyRanges(date: string): Array<[string, string]> {
  return [
    [addDays(date, -63), addDays(date, -1)],
    [addDays(date, -364 - 63), addDays(date, -364 + 7)],
  ]
}

export async function loadForecastHistory(
  source: ArrivalHistorySource,
  hall: string,
  timezone: string,
  date: string,
): Promise<ArrivalHistory> {
  const merged = new Map<string, DayCounts>()
  for (const [from, to] of historyRanges(date))
    for (const [d, c] of await source.load(hall, timezone, from, to)) merged.set(d, c)
  return merged
}
