// Evaluations (好差评), their follow-up cases, and the statistics facts the reports read.
// Frozen in time: later changes get a new migration. Runs unchanged on Postgres and on PGlite.
import { sql, type Kysely } from 'kysely'

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's types */
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`now()`

  // One rating per ticket (一次一评): the primary key enforces it under concurrency too.
  await db.schema
    .createTable('evaluations')
    .addColumn('hall_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) => c.notNull())
    .addColumn('business_date', 'date', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('window_id', 'text')
    .addColumn('grade', 'smallint', (c) => c.notNull())
    .addColumn('reasons', 'jsonb', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('channel', 'text', (c) => c.notNull()) // device | tablet | mobile
    .addColumn('rater_token_id', 'text') // the evaluator's device token; null for the ticket holder
    .addColumn('device_id', 'text')
    .addColumn('finished_at', 'timestamptz', (c) => c.notNull())
    .addColumn('rated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('evaluations_pk', ['hall_id', 'ticket_id'])
    .execute()
  await db.schema.createIndex('evaluations_hall_date').on('evaluations').columns(['hall_id', 'business_date']).execute()

  await db.schema
    .createTable('follow_up_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hall_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) => c.notNull())
    .addColumn('business_date', 'date', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('window_id', 'text')
    .addColumn('grade', 'smallint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
    .addColumn('due_date', 'date', (c) => c.notNull()) // the last working day (hall-local)
    .addColumn('due_at', 'timestamptz', (c) => c.notNull()) // the end of that day
    .addColumn('closed_at', 'timestamptz')
    .addColumn('resolution', 'text') // rectified | explained | reviewed
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute()
  await sql`create unique index follow_up_cases_ticket on follow_up_cases (hall_id, ticket_id)`.execute(db)
  await db.schema
    .createIndex('follow_up_cases_hall_date')
    .on('follow_up_cases')
    .columns(['hall_id', 'business_date'])
    .execute()
  await sql`create index follow_up_cases_open on follow_up_cases (hall_id, due_at) where closed_at is null`.execute(db)

  await db.schema
    .createTable('follow_up_notes')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('follow_up_cases.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('token_id', 'text')
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('text', 'text')
    .execute()
  await db.schema.createIndex('follow_up_notes_case').on('follow_up_notes').columns(['case_id', 'id']).execute()

  // Statistics facts: one narrow row per archived ticket, rebuilt per hall and business date from
  // the archive (tickets, events) and the audit log (who operated the window). Reports aggregate
  // these instead of re-deriving times from timestamps, which keeps a year of a big hall fast.
  await db.schema
    .createTable('stats_ticket_facts')
    .addColumn('hall_id', 'text', (c) => c.notNull())
    .addColumn('business_date', 'date', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('window_id', 'text', (c) => c.notNull()) // '' when never at a window
    .addColumn('clerk', 'text', (c) => c.notNull()) // token id of the clerk, '' when unknown
    .addColumn('hour', 'smallint', (c) => c.notNull()) // hall-local hour of issue
    .addColumn('outcome', 'text', (c) => c.notNull()) // served | no_show | cancelled | expired | open
    .addColumn('wait_ms', 'integer') // issue → first call
    .addColumn('handle_ms', 'integer') // start (or call) → finish, served tickets
    .addColumn('within_target', 'boolean') // called within the hall's target wait
    .addColumn('eta_error_ms', 'integer') // actual wait − predicted wait at issue
    .addPrimaryKeyConstraint('stats_ticket_facts_pk', ['hall_id', 'business_date', 'ticket_id'])
    .execute()

  await db.schema
    .createTable('stats_window_days')
    .addColumn('hall_id', 'text', (c) => c.notNull())
    .addColumn('business_date', 'date', (c) => c.notNull())
    .addColumn('window_id', 'text', (c) => c.notNull())
    .addColumn('open_ms', 'bigint', (c) => c.notNull())
    .addColumn('paused_ms', 'bigint', (c) => c.notNull())
    .addColumn('busy_ms', 'bigint', (c) => c.notNull())
    .addColumn('idle_ms', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('stats_window_days_pk', ['hall_id', 'business_date', 'window_id'])
    .execute()

  await db.schema
    .createTable('stats_days')
    .addColumn('hall_id', 'text', (c) => c.notNull())
    .addColumn('business_date', 'date', (c) => c.notNull())
    .addColumn('source_updated_at', 'timestamptz') // newest tickets.updated_at the facts were built from
    .addColumn('tickets', 'integer', (c) => c.notNull())
    .addColumn('built_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('stats_days_pk', ['hall_id', 'business_date'])
    .execute()

  // Freshness check of the facts: newest row change per day, from the index alone.
  await sql`create index tickets_hall_date_updated on tickets (hall_id, business_date, updated_at)`.execute(db)
  // The fact builder reads a day of events by time, and each window's last status before the day.
  await sql`create index events_hall_at on events (hall_id, at)`.execute(db)
  await sql`create index events_window_status on events (hall_id, seq) where type = 'window.status'`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['tickets_hall_date_updated', 'events_hall_at', 'events_window_status'])
    await sql`drop index if exists ${sql.raw(index)}`.execute(db)
  for (const table of [
    'stats_days',
    'stats_window_days',
    'stats_ticket_facts',
    'follow_up_notes',
    'follow_up_cases',
    'evaluations',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
