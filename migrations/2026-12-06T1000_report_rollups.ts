// Report rollups: per hall-day, the additive figures of each report dimension (tickets and
// ratings) and the day's wait and handling times packed for exact percentiles, both written by
// the fact builder with the facts. Existing facts are marked unbuilt so every day gets its
// rollups (the fact maintainer rebuilds them in the background). Runs on Postgres and PGlite.
import { sql, type Kysely } from 'kysely'

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's types */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('stats_day_rollups')
    .addColumn('hall_id', 'text', (c) => c.notNull())
    .addColumn('dim', 'text', (c) => c.notNull()) // total | service | window | clerk | hour | serviceHour
    .addColumn('business_date', 'date', (c) => c.notNull())
    .addColumn('k1', 'text', (c) => c.notNull()) // '' for total
    .addColumn('k2', 'text', (c) => c.notNull()) // hour of serviceHour, else ''
    .addColumn('issued', 'integer', (c) => c.notNull())
    .addColumn('served', 'integer', (c) => c.notNull())
    .addColumn('no_show', 'integer', (c) => c.notNull())
    .addColumn('cancelled', 'integer', (c) => c.notNull())
    .addColumn('expired', 'integer', (c) => c.notNull())
    .addColumn('open', 'integer', (c) => c.notNull())
    .addColumn('called', 'integer', (c) => c.notNull())
    .addColumn('wait_sum_ms', 'bigint', (c) => c.notNull())
    .addColumn('wait_max_ms', 'integer')
    .addColumn('handled', 'integer', (c) => c.notNull())
    .addColumn('handle_sum_ms', 'bigint', (c) => c.notNull())
    .addColumn('sl_base', 'integer', (c) => c.notNull())
    .addColumn('sl_in', 'integer', (c) => c.notNull())
    .addColumn('eta_n', 'integer', (c) => c.notNull())
    .addColumn('eta_abs_sum_ms', 'bigint', (c) => c.notNull())
    .addColumn('eta_sum_ms', 'bigint', (c) => c.notNull())
    .addColumn('eta_within5', 'integer', (c) => c.notNull())
    .addColumn('ratings', 'integer', (c) => c.notNull())
    .addColumn('satisfied', 'integer', (c) => c.notNull())
    .addColumn('bad', 'integer', (c) => c.notNull())
    .addColumn('grade_sum', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('stats_day_rollups_pk', ['hall_id', 'dim', 'business_date', 'k1', 'k2'])
    .execute()

  await db.schema
    .createTable('stats_day_samples')
    .addColumn('hall_id', 'text', (c) => c.notNull())
    .addColumn('business_date', 'date', (c) => c.notNull())
    .addColumn('keys', 'jsonb', (c) => c.notNull()) // {services, windows, clerks}: the codes' strings
    .addColumn('data', 'bytea', (c) => c.notNull()) // per called ticket: 4 × int32 LE (see day-samples.ts)
    .addPrimaryKeyConstraint('stats_day_samples_pk', ['hall_id', 'business_date'])
    .execute()

  // Ratings arrive after the day's tickets closed: the facts remember what they were built from.
  await db.schema
    .alterTable('stats_days')
    .addColumn('ratings', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.alterTable('stats_days').addColumn('ratings_at', 'timestamptz').execute()
  await sql`delete from stats_days`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('stats_days').dropColumn('ratings_at').execute()
  await db.schema.alterTable('stats_days').dropColumn('ratings').execute()
  await db.schema.dropTable('stats_day_samples').execute()
  await db.schema.dropTable('stats_day_rollups').execute()
}
