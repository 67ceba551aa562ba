// Builds the statistics facts of one hall and business date from the archive: a fact per ticket
// (times, outcome, clerk from the audit log) and the open / paused / busy / idle time of each
// window. Re-running it replaces the day's facts, so it is safe to repeat at any time. With the
// facts, in the same transaction: the day's rollups per report dimension (tickets and ratings)
// and its packed wait / handling times for percentiles (day-rollups.ts, day-samples.ts).
import { sql, type Kysely } from 'kysely'
import { epochOf } from '../appointments/zoned-time.ts'
import type { Database } from '../db/schema.ts'
import { addDays } from '../domain/calendar.ts'
import type { QueueEvent } from '../domain/types.ts'
import { ClerkAttribution } from './attribution.ts'
import { dayRollups, ROLLUP_DIMS } from './day-rollups.ts'
import { encodeSamples } from './day-samples.ts'
import { ticketFact, type ArchivedTicket } from './ticket-facts.ts'
import { windowTimes } from './window-time.ts'

export interface DayBuild {
  hall: string
  date: string
  timezone: string
  targetWaitMs: number
  now: number
}

const CHUNK = 1000
const AUDIT_AFTER_MS = 24 * 3600_000 // overtime and late actions on the day's tickets

const ms = (d: Date | null): number | null => (d === null ? null : d.getTime())

export async function buildDayFacts(db: Kysely<Database>, b: DayBuild): Promise<{ tickets: number }> {
  const dayStart = epochOf(b.timezone, b.date, 0)
  const dayEnd = epochOf(b.timezone, addDays(b.date, 1), 0)
  const until = Math.min(dayEnd, b.now)
  const rows = await db
    .selectFrom('tickets')
    .select([
      'id',
      'service_id',
      'window_id',
      'outcome',
      'issued_at',
      'called_at',
      'started_at',
      'finished_at',
      'eta_at_issue_sec',
      'updated_at',
    ])
    .where('hall_id', '=', b.hall)
    .where('business_date', '=', b.date)
    .execute()
  const tickets: ArchivedTicket[] = rows.map((r) => ({
    id: r.id,
    service: r.service_id,
    window: r.window_id,
    outcome: r.outcome,
    issuedAt: ms(r.issued_at) ?? dayStart,
    calledAt: ms(r.called_at),
    startedAt: ms(r.started_at),
    finishedAt: ms(r.finished_at),
    etaAtIssueSec: r.eta_at_issue_sec,
  }))
  const sourceUpdatedAt = rows.reduce<Date | null>(
    (max, r) => (max === null || r.updated_at > max ? r.updated_at : max),
    null,
  )

  const audit = await db
    .selectFrom('audit_log')
    .select(['token_id', 'action', 'target', 'at'])
    .where('hall_id', '=', b.hall)
    .where('at', '>=', new Date(dayStart))
    .where('at', '<', new Date(dayEnd + AUDIT_AFTER_MS))
    .where('role', 'in', ['clerk', 'device', 'manager', 'admin'])
    .execute()
  const clerks = new ClerkAttribution(
    audit.map((a) => ({ tokenId: a.token_id, action: a.action, target: a.target, at: a.at.getTime() })),
  )
  const facts = tickets.map((t) => ticketFact(t, clerks.clerkOf(t), b.timezone, b.targetWaitMs, until))

  const windows = await dayWindowTimes(db, b.hall, dayStart, until)
  const ratings = await db
    .selectFrom('evaluations')
    .select(['ticket_id', 'service_id', 'window_id', 'grade', 'created_at'])
    .where('hall_id', '=', b.hall)
    .where('business_date', '=', b.date)
    .execute()
  const rollups = dayRollups(
    facts,
    ratings.map((e) => ({ ticket: e.ticket_id, service: e.service_id, window: e.window_id, grade: e.grade })),
  )
  const samples = encodeSamples(facts)
  const ratingsAt = ratings.reduce<Date | null>(
    (max, e) => (max === null || e.created_at > max ? e.created_at : max),
    null,
  )

  await db.transaction().execute(async (trx) => {
    // Two reports rebuilding the same day at once take turns (each replaces the day whole).
    await sql`select pg_advisory_xact_lock(hashtext(${`qms-stats:${b.hall}:${b.date}`}))`.execute(trx)
    await trx
      .deleteFrom('stats_ticket_facts')
      .where('hall_id', '=', b.hall)
      .where('business_date', '=', b.date)
      .execute()
    await trx
      .deleteFrom('stats_window_days')
      .where('hall_id', '=', b.hall)
      .where('business_date', '=', b.date)
      .execute()
    await trx
      .deleteFrom('stats_day_rollups')
      .where('hall_id', '=', b.hall)
      .where('dim', 'in', [...ROLLUP_DIMS])
      .where('business_date', '=', b.date)
      .execute()
    await trx
      .deleteFrom('stats_day_samples')
      .where('hall_id', '=', b.hall)
      .where('business_date', '=', b.date)
      .execute()
    for (let i = 0; i < facts.length; i += CHUNK) {
      await trx
        .insertInto('stats_ticket_facts')
        .values(
          facts.slice(i, i + CHUNK).map((f) => ({
            hall_id: b.hall,
            business_date: b.date,
            ticket_id: f.ticket,
            service_id: f.service,
            window_id: f.window,
            clerk: f.clerk,
            hour: f.hour,
            outcome: f.outcome,
            wait_ms: f.waitMs,
            handle_ms: f.handleMs,
            within_target: f.withinTarget,
            eta_error_ms: f.etaErrorMs,
          })),
        )
        .execute()
    }
    const windowRows = [...windows].map(([window, w]) => ({
      hall_id: b.hall,
      business_date: b.date,
      window_id: window,
      open_ms: w.openMs,
      paused_ms: w.pausedMs,
      busy_ms: w.busyMs,
      idle_ms: w.idleMs,
    }))
    if (windowRows.length) await trx.insertInto('stats_window_days').values(windowRows).execute()
    for (let i = 0; i < rollups.length; i += CHUNK) {
      await trx
        .insertInto('stats_day_rollups')
        .values(rollups.slice(i, i + CHUNK).map((r) => ({ hall_id: b.hall, business_date: b.date, ...r })))
        .execute()
    }
    await trx
      .insertInto('stats_day_samples')
      .values({
        hall_id: b.hall,
        business_date: b.date,
        keys: JSON.stringify(samples.keys),
        data: Buffer.from(samples.data.buffer, samples.data.byteOffset, samples.data.byteLength),
      })
      .execute()
    await trx
      .insertInto('stats_days')
      .values({
        hall_id: b.hall,
        business_date: b.date,
        source_updated_at: sourceUpdatedAt,
        tickets: facts.length,
        built_at: new Date(b.now),
        ratings: ratings.length,
        ratings_at: ratingsAt,
      })
      .onConflict((oc) =>
        oc.columns(['hall_id', 'business_date']).doUpdateSet((eb) => ({
          source_updated_at: eb.ref('excluded.source_updated_at'),
          tickets: eb.ref('excluded.tickets'),
          built_at: eb.ref('excluded.built_at'),
          ratings: eb.ref('excluded.ratings'),
          ratings_at: eb.ref('excluded.ratings_at'),
        })),
      )
      .execute()
  })
  return { tickets: facts.length }
}

/** Each window's status at `from` (its latest status event before it), then the day's events. */
async function dayWindowTimes(db: Kysely<Database>, hall: string, from: number, until: number) {
  const before = await sql<{ window: string; status: string }>`
    select distinct on (event->>'window') event->>'window' as window, event->>'status' as status
    from events
    where hall_id = ${hall} and type = 'window.status' and at < ${new Date(from)}
    order by event->>'window', seq desc`.execute(db)
  const initial = new Map(before.rows.map((r) => [r.window, r.status]))
  const events = await db
    .selectFrom('events')
    .select('event')
    .where('hall_id', '=', hall)
    .where('at', '>=', new Date(from))
    .where('at', '<', new Date(until))
    .orderBy('seq')
    .execute()
  return windowTimes(
    events.map((e) => e.event as QueueEvent),
    initial,
    from,
    until,
  )
}
