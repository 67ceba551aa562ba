// Keeps the statistics facts in step with the archive: a hall-day is (re)built when it has no
// facts yet, when its tickets or ratings changed since, or, for the hall's current day, when its
// facts are older than `liveMaxAgeMs` (window time moves without ticket changes). Reports build a
// few such days inline; more than `maxInlineDays` answer "preparing" while the fact maintainer
// (fact-maintainer.ts) builds them in the background.
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { businessDate } from '../domain/calendar.ts'
import { QmsError } from '../domain/errors.ts'
import { buildDayFacts, type DayBuild } from './fact-builder.ts'

export interface HallFacts {
  timezone: string
  targetWaitMs: number
}

export interface FreshnessOptions {
  now: number
  hallInfo: (hall: string) => Promise<HallFacts>
  liveMaxAgeMs: number
}

export interface DayState {
  hall: string
  date: string
  /** The hall's current business day (or later). */
  live: boolean
  /** missing: no facts; changed: tickets or ratings changed since; aged: a live day's facts are old. */
  reason: 'missing' | 'changed' | 'aged' | null
}

export interface DayScope {
  halls?: readonly string[] // every hall with tickets when absent
  from?: string
  to?: string
}

/** Every hall-day with tickets in scope, and whether (and why) its facts need building. */
export async function dayStates(db: Kysely<Database>, scope: DayScope, o: FreshnessOptions): Promise<DayState[]> {
  if (scope.halls?.length === 0) return []
  const h = scope.halls
  const [sources, built, ratings] = await Promise.all([
    db
      .selectFrom('tickets')
      .select((eb) => ['hall_id', 'business_date', eb.fn.max('updated_at').as('updated')])
      .$if(h !== undefined, (q) => q.where('hall_id', 'in', h!))
      .$if(scope.from !== undefined, (q) => q.where('business_date', '>=', scope.from!))
      .$if(scope.to !== undefined, (q) => q.where('business_date', '<=', scope.to!))
      .groupBy(['hall_id', 'business_date'])
      .execute(),
    db
      .selectFrom('stats_days')
      .select(['hall_id', 'business_date', 'source_updated_at', 'built_at', 'ratings', 'ratings_at'])
      .$if(h !== undefined, (q) => q.where('hall_id', 'in', h!))
      .$if(scope.from !== undefined, (q) => q.where('business_date', '>=', scope.from!))
      .$if(scope.to !== undefined, (q) => q.where('business_date', '<=', scope.to!))
      .execute(),
    db
      .selectFrom('evaluations')
      .select((eb) => [
        'hall_id',
        'business_date',
        eb.fn.countAll<number | string>().as('n'),
        eb.fn.max('created_at').as('at'),
      ])
      .$if(h !== undefined, (q) => q.where('hall_id', 'in', h!))
      .$if(scope.from !== undefined, (q) => q.where('business_date', '>=', scope.from!))
      .$if(scope.to !== undefined, (q) => q.where('business_date', '<=', scope.to!))
      .groupBy(['hall_id', 'business_date'])
      .execute(),
  ])
  const have = new Map(built.map((r) => [`${r.hall_id}|${r.business_date}`, r]))
  const rated = new Map(ratings.map((r) => [`${r.hall_id}|${r.business_date}`, r]))
  const today = new Map<string, string>()
  const out: DayState[] = []
  for (const s of sources) {
    if (!today.has(s.hall_id)) today.set(s.hall_id, businessDate((await o.hallInfo(s.hall_id)).timezone, o.now))
    const id = `${s.hall_id}|${s.business_date}`
    const done = have.get(id)
    const r = rated.get(id)
    const live = s.business_date >= today.get(s.hall_id)!
    let reason: DayState['reason'] = null
    if (!done) reason = 'missing'
    else if (
      (done.source_updated_at?.getTime() ?? 0) < new Date(s.updated as Date | string).getTime() ||
      done.ratings !== Number(r?.n ?? 0) ||
      (r && (done.ratings_at?.getTime() ?? 0) < new Date(r.at as Date | string).getTime())
    )
      reason = 'changed'
    else if (live && o.now - done.built_at.getTime() > o.liveMaxAgeMs) reason = 'aged'
    out.push({ hall: s.hall_id, date: s.business_date, live, reason })
  }
  return out
}

/** One build per hall-day at a time in this process: a second caller joins the running build.
 *  Across processes, `buildDayFacts` takes a transaction-level advisory lock on the day. */
const running = new WeakMap<object, Map<string, Promise<{ tickets: number }>>>()

export function buildDay(db: Kysely<Database>, b: DayBuild): Promise<{ tickets: number }> {
  let days = running.get(db)
  if (!days) running.set(db, (days = new Map()))
  const key = `${b.hall}|${b.date}`
  const current = days.get(key)
  if (current) return current
  const build = buildDayFacts(db, b).finally(() => days.delete(key))
  days.set(key, build)
  return build
}

export interface EnsureOptions extends FreshnessOptions {
  /** More closed days than this to build: answer "preparing" instead (the maintainer builds them). */
  maxInlineDays: number
}

export async function ensureFacts(
  db: Kysely<Database>,
  halls: readonly string[],
  from: string,
  to: string,
  o: EnsureOptions,
): Promise<{ built: number }> {
  if (halls.length === 0) return { built: 0 }
  const states = await dayStates(db, { halls, from, to }, o)
  const stale = states.filter((d) => d.reason !== null)
  const pending = stale.filter((d) => !d.live).length
  if (pending > o.maxInlineDays)
    throw new QmsError('QMS_ERR_REPORT_PREPARING', 'statistics are being prepared; retry later', {
      built: states.length - pending,
      missing: pending,
    })
  for (const d of stale) await buildDay(db, { hall: d.hall, date: d.date, ...(await o.hallInfo(d.hall)), now: o.now })
  return { built: stale.length }
}
