// Reports for a set of halls (one hall, or every hall under an org unit) and a range of business
// dates: brings the facts up to date, then aggregates every dimension the manager views need from
// the per-day rollups and samples (rollup-query.ts). `factRows` is the plain aggregation over the
// facts, kept as the reference the rollups are tested against.
import type { Kysely } from 'kysely'
import type { HallDocument } from '../config/hall-document.ts'
import { getHallConfig } from '../db/repos/hall-configs.ts'
import type { Database } from '../db/schema.ts'
import { addDays, isValidDate } from '../domain/calendar.ts'
import { QmsError } from '../domain/errors.ts'
import { evaluationSettings } from '../evaluation/settings.ts'
import { PERCENTILE_DIMS, type P90, type PercentileDim } from './day-samples.ts'
import { ensureFacts, type HallFacts } from './freshness.ts'
import {
  caseFigures,
  ratingFigures,
  ticketFigures,
  windowFigures,
  type Dimension,
  type ReportScope,
} from './report-query.ts'
import { mergeRows, type ReportRow } from './report-rows.ts'
import { rollupFigures, rollupPercentiles, withPercentiles } from './rollup-query.ts'

export const MAX_RANGE_DAYS = 400
const DEFAULT_TZ = 'Asia/Shanghai'

export interface ReportDeps {
  db: Kysely<Database>
  /** The hall's document from the live store, if it has the hall. */
  liveDocument?: (hall: string) => Promise<HallDocument | null>
  now: () => number
  /** How old the facts of a hall's current day may be (default 30 s). */
  liveMaxAgeMs?: number
  /** Closed days a report builds inline at most; more answer QMS_ERR_REPORT_PREPARING (default 7). */
  maxInlineDays?: number
}

const hasPercentiles = (dim: Dimension): dim is PercentileDim => (PERCENTILE_DIMS as readonly string[]).includes(dim)

/** The plain aggregation over the facts (the reference for the rollups; slower over long ranges). */
export async function factRows(db: Kysely<Database>, dim: Dimension, scope: ReportScope): Promise<ReportRow[]> {
  const [tickets, ratings, cases, windows] = await Promise.all([
    ticketFigures(db, dim, scope),
    ratingFigures(db, dim, scope),
    caseFigures(db, dim, scope),
    windowFigures(db, dim, scope),
  ])
  return mergeRows(dim, { tickets, ratings, cases, windows })
}

export interface Names {
  halls: Record<string, string>
  services: Record<string, string>
  windows: Record<string, string> // `${hall}/${window}`
  clerks: Record<string, string> // token id → staff name
}

export interface Report {
  halls: string[]
  from: string
  to: string
  generatedAt: number
  targetWaitMinutes: Record<string, number>
  totals: ReportRow
  byHall: ReportRow[]
  byService: ReportRow[]
  byWindow: ReportRow[]
  byClerk: ReportRow[]
  byHour: ReportRow[]
  byDate: ReportRow[]
  byServiceHour: ReportRow[]
  names: Names
}

export function checkRange(from: string, to: string): void {
  if (!isValidDate(from) || !isValidDate(to))
    throw new QmsError('QMS_ERR_VALIDATION', 'from and to are dates YYYY-MM-DD')
  if (to < from) throw new QmsError('QMS_ERR_VALIDATION', 'to is before from')
  if (addDays(from, MAX_RANGE_DAYS) <= to) throw new QmsError('QMS_ERR_VALIDATION', `at most ${MAX_RANGE_DAYS} days`)
}

export class ReportService {
  readonly #db: Kysely<Database>
  constructor(private readonly deps: ReportDeps) {
    this.#db = deps.db
  }

  async hallInfo(hall: string): Promise<HallFacts> {
    let doc = (await this.deps.liveDocument?.(hall).catch(() => null)) ?? null
    if (doc === null) {
      const saved = await getHallConfig(this.#db, hall)
      doc = (saved?.document as HallDocument | undefined) ?? null
    }
    return { timezone: doc?.timezone ?? DEFAULT_TZ, targetWaitMs: evaluationSettings(doc).targetWaitMinutes * 60_000 }
  }

  /** Builds missing or stale facts; returns how many hall-days were (re)built. Throws
   *  QMS_ERR_REPORT_PREPARING when more than `maxInlineDays` closed days are missing. */
  async refresh(halls: readonly string[], from: string, to: string): Promise<number> {
    const infos = new Map<string, Promise<HallFacts>>()
    const hallInfo = (h: string): Promise<HallFacts> => {
      if (!infos.has(h)) infos.set(h, this.hallInfo(h))
      return infos.get(h)!
    }
    const r = await ensureFacts(this.#db, halls, from, to, {
      now: this.deps.now(),
      hallInfo,
      liveMaxAgeMs: this.deps.liveMaxAgeMs ?? 30_000,
      maxInlineDays: this.deps.maxInlineDays ?? 7,
    })
    return r.built
  }

  async rows(halls: readonly string[], from: string, to: string, dim: Dimension, refresh = true): Promise<ReportRow[]> {
    checkRange(from, to)
    if (refresh) await this.refresh(halls, from, to)
    if (halls.length === 0) return []
    const scope: ReportScope = { halls, from, to, now: this.deps.now() }
    const [p90, parts] = await Promise.all([
      hasPercentiles(dim) ? rollupPercentiles(this.#db, [dim], scope) : null,
      this.#dimParts(dim, scope),
    ])
    return parts(hasPercentiles(dim) ? p90?.get(dim) : undefined)
  }

  /** A dimension's figures from Postgres; the result merges them with the percentiles, when given. */
  async #dimParts(dim: Dimension, scope: ReportScope): Promise<(p90?: Map<string, P90>) => ReportRow[]> {
    const [tickets, cases, windows] = await Promise.all([
      rollupFigures(this.#db, dim, scope),
      caseFigures(this.#db, dim, scope),
      windowFigures(this.#db, dim, scope),
    ])
    return (p90) => mergeRows(dim, { tickets: withPercentiles(tickets, p90), ratings: [], cases, windows })
  }

  async report(halls: readonly string[], from: string, to: string): Promise<Report> {
    checkRange(from, to)
    await this.refresh(halls, from, to)
    const dims = ['total', 'hall', 'service', 'window', 'clerk', 'hour', 'date', 'serviceHour'] as const
    const scope: ReportScope = { halls, from, to, now: this.deps.now() }
    // The percentiles (in memory) while Postgres sums the rollups.
    const [p90, results] = halls.length
      ? await Promise.all([
          rollupPercentiles(this.#db, PERCENTILE_DIMS, scope),
          Promise.all(dims.map((d) => this.#dimParts(d, scope))),
        ])
      : [new Map<PercentileDim, Map<string, P90>>(), dims.map(() => (): ReportRow[] => [])]
    const by = Object.fromEntries(dims.map((d, i) => [d, results[i]!(p90.get(d as PercentileDim))])) as Record<
      Dimension,
      ReportRow[]
    >
    const targets: Record<string, number> = {}
    for (const h of halls) targets[h] = (await this.hallInfo(h)).targetWaitMs / 60_000
    return {
      halls: [...halls],
      from,
      to,
      generatedAt: this.deps.now(),
      targetWaitMinutes: targets,
      totals: by.total[0] ?? mergeRows('total', { tickets: [{ key: [] }], ratings: [], cases: [], windows: [] })[0]!,
      byHall: by.hall,
      byService: by.service,
      byWindow: by.window,
      byClerk: by.clerk,
      byHour: by.hour,
      byDate: by.date,
      byServiceHour: by.serviceHour,
      names: await this.names(halls),
    }
  }

  async names(halls: readonly string[]): Promise<Names> {
    const names: Names = { halls: {}, services: {}, windows: {}, clerks: {} }
    if (halls.length === 0) return names
    const [hallRows, services, windows, staff] = await Promise.all([
      this.#db.selectFrom('halls').select(['id', 'name']).where('id', 'in', halls).execute(),
      this.#db.selectFrom('services').select(['id', 'name']).where('hall_id', 'in', halls).execute(),
      this.#db.selectFrom('windows').select(['hall_id', 'id', 'name']).where('hall_id', 'in', halls).execute(),
      this.#db.selectFrom('staff').select(['token_id', 'name']).where('token_id', 'is not', null).execute(),
    ])
    for (const h of hallRows) names.halls[h.id] = h.name
    for (const s of services) names.services[s.id] ??= s.name
    for (const w of windows) names.windows[`${w.hall_id}/${w.id}`] = w.name
    for (const s of staff) names.clerks[s.token_id!] = s.name
    return names
  }
}
