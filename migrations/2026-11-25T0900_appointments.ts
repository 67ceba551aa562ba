// Appointments (预约). Frozen in time: later changes get a new migration, never an edit here.
// Runs unchanged on Postgres and on PGlite. No raw ID or phone number is ever stored: `person_hash`
// is an HMAC (IDENTITY_KEY), `person_mask` the masked form shown to staff.
import { sql, type Kysely } from 'kysely'

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's types */
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`now()`
  await db.schema
    .createTable('appointments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('hall_id', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('business_date', 'date', (c) => c.notNull())
    .addColumn('slot_start', 'text', (c) => c.notNull()) // HH:MM hall-local
    .addColumn('slot_end', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('check_in_from', 'timestamptz', (c) => c.notNull())
    .addColumn('check_in_until', 'timestamptz', (c) => c.notNull())
    .addColumn('person_hash', 'text', (c) => c.notNull())
    .addColumn('person_mask', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // booked, cancelled, checked_in, late, no_show
    .addColumn('ticket_id', 'text')
    .addColumn('ticket_number', 'text')
    .addColumn('created_by', 'text') // token id, or null for the public
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('checked_in_at', 'timestamptz')
    .execute()
  // One live booking per person, service and day (the service also checks it under its lock).
  await sql`create unique index appointments_one_per_person on appointments
    (hall_id, service_id, business_date, person_hash) where status in ('booked', 'checked_in')`.execute(db)
  await db.schema
    .createIndex('appointments_slot')
    .on('appointments')
    .columns(['hall_id', 'service_id', 'business_date', 'slot_start'])
    .execute()
  await db.schema.createIndex('appointments_person').on('appointments').columns(['person_hash', 'status']).execute()
  await db.schema.createIndex('appointments_due').on('appointments').columns(['status', 'check_in_until']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('appointments').execute()
}
