// The report figures, aggregated in SQL over the statistics facts, the ratings, the follow-up
// cases and the window time, for a set of halls and a range of business dates, by one dimension.
// Times are kept in milliseconds here and rounded to seconds by the caller.
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Database } from '../db/schema.ts'

export const DIMENSIONS = ['total', 'hall', 'service', 'window', 'clerk', 'hour', 'date', 'serviceHour'] as const
export type Dimension = (typeof DIMENSIONS)[number]

/** Columns of a dimension in each source (f: facts, e: evaluations, c: cases, w: window days). */
export const KEYS: Record<Dimension, { f: string[]; e: string[] | null; c: string[] | null; w: string[] | null }> = {
  total: { f: [], e: [], c: [], w: [] },
  hall: { f: ['f.hall_id'], e: ['e.hall_id'], c: ['c.hall_id'], w: ['w.hall_id'] },
  service: { f: ['f.service_id'], e: ['e.service_id'], c: ['c.service_id'], w: null },
  window: {
    f: ['f.hall_id', 'f.window_id'],
    e: ['e.hall_id', "coalesce(e.window_id, '')"],
    c: ['c.hall_id', "coalesce(c.window_id, '')"],
    w: ['w.hall_id', 'w.window_id'],
  },
  clerk: { f: ['f.clerk'], e: ["coalesce(f.clerk, '')"], c: ["coalesce(f.clerk, '')"], w: null },
  hour: { f: ['f.hour'], e: ['f.hour'], c: ['f.hour'], w: null },
  date: { f: ['f.business_date'], e: ['e.business_date'], c: ['c.business_date'], w: ['w.business_date'] },
  serviceHour: { f: ['f.service_id', 'f.hour'], e: null, c: null, w: null },
}

export interface RawRow {
  key: string[]
  [figure: string]: unknown
}

export interface ReportScope {
  halls: readonly string[]
  from: string
  to: string
  now: number
}

export const cols = (list: string[]): RawBuilder<unknown> =>
  list.length ? sql.raw(list.map((c, i) => `${c}::text as k${i}`).join(', ') + ',') : sql.raw('')
export const groupBy = (list: string[]): RawBuilder<unknown> =>
  list.length ? sql.raw(`group by ${list.join(', ')}`) : sql.raw('')
export const keyOf = (row: Record<string, unknown>, n: number): string[] =>
  Array.from({ length: n }, (_, i) => String(row[`k${i}`] ?? ''))

export function inScope(alias: string, s: ReportScope): RawBuilder<unknown> {
  return sql`${sql.ref(`${alias}.hall_id`)} in (${sql.join([...s.halls])}) and ${sql.ref(`${alias}.business_date`)} between ${s.from} and ${s.to}`
}
/** Ratings and cases carry hall, date, service and window themselves; clerk and hour come from the facts. */
const needsFacts = (dim: Dimension): boolean => dim === 'clerk' || dim === 'hour'
const factJoin = (alias: string): RawBuilder<unknown> =>
  sql.raw(
    `left join stats_ticket_facts f on f.hall_id = ${alias}.hall_id and f.business_date = ${alias}.business_date and f.ticket_id = ${alias}.ticket_id`,
  )
/** The same for the few follow-up cases: a key lookup each (`limit 1` keeps the planner from
 *  turning it into a hash join over a year of facts; the key is unique anyway). */
const factLookup = (alias: string): RawBuilder<unknown> =>
  sql.raw(
    `left join lateral (select clerk, hour from stats_ticket_facts f where f.hall_id = ${alias}.hall_id and f.business_date = ${alias}.business_date and f.ticket_id = ${alias}.ticket_id limit 1) f on true`,
  )

export async function rows(
  db: Kysely<Database>,
  query: RawBuilder<Record<string, unknown>>,
  n: number,
): Promise<RawRow[]> {
  const r = await query.execute(db)
  return r.rows.map((row) => ({ ...row, key: keyOf(row, n) }))
}

/** Percentiles sort every value of the range; the per-day and hour × service views do not show
 *  them, so they skip that work (for a year of a big hall, most of the report's time). */
const WITH_PERCENTILES: Record<Dimension, boolean> = {
  total: true,
  hall: true,
  service: true,
  window: true,
  clerk: true,
  hour: true,
  date: false,
  serviceHour: false,
}
const p90 = (column: string, on: boolean): RawBuilder<unknown> =>
  sql.raw(on ? `percentile_disc(0.9) within group (order by ${column})` : 'null::integer')

export async function ticketFigures(db: Kysely<Database>, dim: Dimension, s: ReportScope): Promise<RawRow[]> {
  const k = KEYS[dim].f
  const pct = WITH_PERCENTILES[dim]
  if (!pct) return ticketRows(db, k, pct, s)
  // The percentiles' sorts stay in memory (the default 4 MB spills a year of a big hall to disk).
  return db.transaction().execute(async (trx) => {
    await sql`set local work_mem = '64MB'`.execute(trx)
    return ticketRows(trx, k, pct, s)
  })
}

async function ticketRows(db: Kysely<Database>, k: string[], pct: boolean, s: ReportScope): Promise<RawRow[]> {
  return rows(
    db,
    sql<Record<string, unknown>>`
    select ${cols(k)}
      count(*)::int as issued,
      count(*) filter (where f.outcome = 'served')::int as served,
      count(*) filter (where f.outcome = 'no_show')::int as no_show,
      count(*) filter (where f.outcome = 'cancelled')::int as cancelled,
      count(*) filter (where f.outcome = 'expired')::int as expired,
      count(*) filter (where f.outcome = 'open')::int as open,
      count(f.wait_ms)::int as called,
      avg(f.wait_ms)::float8 as mean_wait_ms,
      ${p90('f.wait_ms', pct)} as p90_wait_ms,
      max(f.wait_ms) as max_wait_ms,
      count(f.handle_ms)::int as handled,
      avg(f.handle_ms)::float8 as mean_handle_ms,
      ${p90('f.handle_ms', pct)} as p90_handle_ms,
      sum(f.handle_ms)::float8 as total_handle_ms,
      count(f.within_target)::int as sl_base,
      count(*) filter (where f.within_target)::int as sl_in,
      count(f.eta_error_ms)::int as eta_n,
      avg(abs(f.eta_error_ms))::float8 as eta_mae_ms,
      avg(f.eta_error_ms)::float8 as eta_bias_ms,
      count(*) filter (where abs(f.eta_error_ms) <= 300000)::int as eta_within5
    from stats_ticket_facts f
    where ${inScope('f', s)}
    ${groupBy(k)}`,
    k.length,
  )
}

export async function ratingFigures(db: Kysely<Database>, dim: Dimension, s: ReportScope): Promise<RawRow[]> {
  const k = KEYS[dim].e
  if (k === null) return []
  return rows(
    db,
    sql<Record<string, unknown>>`
    select ${cols(k)}
      count(*)::int as ratings,
      count(*) filter (where e.grade >= 4)::int as satisfied,
      count(*) filter (where e.grade <= 2)::int as bad,
      avg(e.grade)::float8 as mean_grade
    from evaluations e ${needsFacts(dim) ? factJoin('e') : sql.raw('')}
    where ${inScope('e', s)}
    ${groupBy(k)}`,
    k.length,
  )
}

export async function caseFigures(db: Kysely<Database>, dim: Dimension, s: ReportScope): Promise<RawRow[]> {
  const k = KEYS[dim].c
  if (k === null) return []
  const now = new Date(s.now)
  return rows(
    db,
    sql<Record<string, unknown>>`
    select ${cols(k)}
      count(*)::int as cases,
      count(c.closed_at)::int as cases_closed,
      count(*) filter (where c.closed_at <= c.due_at)::int as cases_on_time,
      count(*) filter (where c.closed_at is null and c.due_at < ${now})::int as cases_overdue,
      count(*) filter (where c.closed_at is not null or c.due_at < ${now})::int as cases_due
    from follow_up_cases c ${needsFacts(dim) ? factLookup('c') : sql.raw('')}
    where ${inScope('c', s)}
    ${groupBy(k)}`,
    k.length,
  )
}

export async function windowFigures(db: Kysely<Database>, dim: Dimension, s: ReportScope): Promise<RawRow[]> {
  const k = KEYS[dim].w
  if (k === null) return []
  return rows(
    db,
    sql<Record<string, unknown>>`
    select ${cols(k)}
      sum(w.open_ms)::float8 as open_ms,
      sum(w.paused_ms)::float8 as paused_ms,
      sum(w.busy_ms)::float8 as busy_ms,
      sum(w.idle_ms)::float8 as idle_ms
    from stats_window_days w
    where ${inScope('w', s)}
    ${groupBy(k)}`,
    k.length,
  )
}
