// The report's ticket and rating figures from the per-day rollups (day-rollups.ts), and its
// percentiles from the per-day samples (day-samples.ts): the fast path over a range of days. Gives
// the same rows as the plain fact queries of report-query.ts (the rollup test compares them).
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { samplePercentiles, type HallDaySamples, type P90, type PercentileDim } from './day-samples.ts'
import type { RollupDim } from './day-rollups.ts'
import { cols, groupBy, inScope, rows, type Dimension, type RawRow, type ReportScope } from './report-query.ts'

/** Which rollup rows a dimension reads and its key columns (hall and date: the day totals). */
const SOURCE: Record<Dimension, { dim: RollupDim; keys: string[]; ratings: boolean }> = {
  total: { dim: 'total', keys: [], ratings: true },
  hall: { dim: 'total', keys: ['r.hall_id'], ratings: true },
  date: { dim: 'total', keys: ['r.business_date'], ratings: true },
  service: { dim: 'service', keys: ['r.k1'], ratings: true },
  window: { dim: 'window', keys: ['r.hall_id', 'r.k1'], ratings: true },
  clerk: { dim: 'clerk', keys: ['r.k1'], ratings: true },
  hour: { dim: 'hour', keys: ['r.k1'], ratings: true },
  serviceHour: { dim: 'serviceHour', keys: ['r.k1', 'r.k2'], ratings: false }, // no ratings in this view
}

/** sum / count as numeric, as `avg` of the facts computes it, so means are the same to the bit. */
const mean = (sum: string, count: string): string => `(sum(${sum})::numeric / nullif(sum(${count}), 0))::float8`

export async function rollupFigures(db: Kysely<Database>, dim: Dimension, s: ReportScope): Promise<RawRow[]> {
  const src = SOURCE[dim]
  const ratings = src.ratings
    ? sql.raw(`,
      sum(r.ratings)::int as ratings,
      sum(r.satisfied)::int as satisfied,
      sum(r.bad)::int as bad,
      ${mean('r.grade_sum', 'r.ratings')} as mean_grade`)
    : sql.raw('')
  const found = await rows(
    db,
    sql<Record<string, unknown>>`
    select ${cols(src.keys)}
      sum(r.issued)::int as issued,
      sum(r.served)::int as served,
      sum(r.no_show)::int as no_show,
      sum(r.cancelled)::int as cancelled,
      sum(r.expired)::int as expired,
      sum(r.open)::int as open,
      sum(r.called)::int as called,
      ${sql.raw(mean('r.wait_sum_ms', 'r.called'))} as mean_wait_ms,
      max(r.wait_max_ms) as max_wait_ms,
      sum(r.handled)::int as handled,
      ${sql.raw(mean('r.handle_sum_ms', 'r.handled'))} as mean_handle_ms,
      sum(r.handle_sum_ms)::float8 as total_handle_ms,
      sum(r.sl_base)::int as sl_base,
      sum(r.sl_in)::int as sl_in,
      sum(r.eta_n)::int as eta_n,
      ${sql.raw(mean('r.eta_abs_sum_ms', 'r.eta_n'))} as eta_mae_ms,
      ${sql.raw(mean('r.eta_sum_ms', 'r.eta_n'))} as eta_bias_ms,
      sum(r.eta_within5)::int as eta_within5
      ${ratings}
    from stats_day_rollups r
    where r.dim = ${src.dim} and ${inScope('r', s)}
    ${groupBy(src.keys)}`,
    src.keys.length,
  )
  // A report of no tickets still has its totals row (as the fact query's count(*) gives).
  return dim === 'total' && found.length === 0 ? [{ key: [] }] : found
}

/** P90 wait and handling time per key of each dimension asked, from the days' samples. */
export async function rollupPercentiles(
  db: Kysely<Database>,
  dims: readonly PercentileDim[],
  s: ReportScope,
): Promise<Map<PercentileDim, Map<string, P90>>> {
  if (dims.length === 0) return new Map()
  const found = await db
    .selectFrom('stats_day_samples as r')
    .select(['r.hall_id', 'r.keys', 'r.data'])
    .where(inScope('r', s) as never)
    .execute()
  const days: HallDaySamples[] = found.map((d) => ({ hall: d.hall_id, keys: d.keys, data: d.data }))
  return samplePercentiles(days, dims)
}

/** Puts each row's percentiles in (null where the key has no values). */
export function withPercentiles(list: RawRow[], p: Map<string, P90> | undefined): RawRow[] {
  if (!p) return list
  return list.map((r) => {
    const v = p.get(r.key.join('\u0001'))
    return { ...r, p90_wait_ms: v?.wait ?? null, p90_handle_ms: v?.handle ?? null }
  })
}
