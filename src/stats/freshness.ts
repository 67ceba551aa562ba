// Keeps the statistics facts in step with the archive: a day is (re)built when it has no facts
// yet, when its tickets changed since (late events, the day rollover), or, for the hall's current
// day, when its facts are older than `liveMaxAgeMs` (window time moves without ticket changes).
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { businessDate } from '../domain/calendar.ts'
import { buildDayFacts } from './fact-builder.ts'

const ANALYZE_AFTER_DAYS = 30

export interface HallFacts {
  timezone: string
  targetWaitMs: number
}

export interface FreshnessOptions {
  now: number
  hallInfo: (hall: string) => Promise<HallFacts>
  liveMaxAgeMs: number
}

export async function ensureFacts(
  db: Kysely<Database>,
  halls: readonly string[],
  from: string,
  to: string,
  o: FreshnessOptions,
): Promise<{ built: number }> {
  if (halls.length === 0) return { built: 0 }
  const [sources, built] = await Promise.all([
    db
      .selectFrom('tickets')
      .select((eb) => ['hall_id', 'business_date', eb.fn.max('updated_at').as('updated')])
      .where('hall_id', 'in', halls)
      .where('business_date', '>=', from)
      .where('business_date', '<=', to)
      .groupBy(['hall_id', 'business_date'])
      .execute(),
    db
      .selectFrom('stats_days')
      .select(['hall_id', 'business_date', 'source_updated_at', 'built_at'])
      .where('hall_id', 'in', halls)
      .where('business_date', '>=', from)
      .where('business_date', '<=', to)
      .execute(),
  ])
  const have = new Map(built.map((r) => [`${r.hall_id}|${r.business_date}`, r]))
  let count = 0
  for (const s of sources) {
    const info = await o.hallInfo(s.hall_id)
    const done = have.get(`${s.hall_id}|${s.business_date}`)
    const updated = new Date(s.updated as Date | string).getTime()
    const live = s.business_date >= businessDate(info.timezone, o.now)
    const stale =
      !done ||
      (done.source_updated_at?.getTime() ?? 0) < updated ||
      (live && o.now - done.built_at.getTime() > o.liveMaxAgeMs)
    if (!stale) continue
    await buildDayFacts(db, { hall: s.hall_id, date: s.business_date, ...info, now: o.now })
    count++
  }
  // After a backfill the planner must know the facts table grew (autovacuum would, later).
  if (count >= ANALYZE_AFTER_DAYS) await sql`analyze stats_ticket_facts`.execute(db)
  return { built: count }
}
