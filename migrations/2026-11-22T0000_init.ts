// Initial schema. Frozen in time: later changes get a new migration, never an edit here.
// Runs unchanged on Postgres and on PGlite.
import { sql, type Kysely } from 'kysely'

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's types */
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`now()`

  await db.schema
    .createTable('org_units')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('parent_id', 'text', (c) => c.references('org_units.id').onDelete('restrict'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute()
  // text_pattern_ops lets `path LIKE 'prefix%'` use the index whatever the database collation.
  await sql`create index org_units_path_prefix on org_units (path text_pattern_ops)`.execute(db)

  await db.schema
    .createTable('halls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('org_unit_id', 'text', (c) => c.references('org_units.id').onDelete('set null'))
    .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('Asia/Shanghai'))
    .addColumn('current_version', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute()
  await db.schema.createIndex('halls_org_unit').on('halls').column('org_unit_id').execute()

  await db.schema
    .createTable('hall_configs')
    .addColumn('hall_id', 'text', (c) => c.notNull().references('halls.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('document', 'jsonb', (c) => c.notNull())
    .addColumn('live_version', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('created_by', 'text')
    .addPrimaryKeyConstraint('hall_configs_pk', ['hall_id', 'version'])
    .execute()

  await db.schema
    .createTable('services')
    .addColumn('hall_id', 'text', (c) => c.notNull().references('halls.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('retired_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('services_pk', ['hall_id', 'id'])
    .execute()

  await db.schema
    .createTable('windows')
    .addColumn('hall_id', 'text', (c) => c.notNull().references('halls.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('services', 'jsonb', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('retired_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('windows_pk', ['hall_id', 'id'])
    .execute()

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('halls', 'jsonb', (c) => c.notNull())
    .addColumn('windows', 'jsonb')
    .addColumn('device', 'text')
    .addColumn('label', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('expires_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute()

  await db.schema
    .createTable('staff')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('hall_id', 'text', (c) => c.references('halls.id').onDelete('set null'))
    .addColumn('org_unit_id', 'text', (c) => c.references('org_units.id').onDelete('set null'))
    .addColumn('windows', 'jsonb')
    .addColumn('token_id', 'text', (c) => c.references('api_tokens.id').onDelete('set null'))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute()

  await db.schema
    .createTable('devices')
    .addColumn('hall_id', 'text', (c) => c.notNull().references('halls.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('window_id', 'text')
    .addColumn('profile', 'jsonb')
    .addColumn('token_id', 'text', (c) => c.references('api_tokens.id').onDelete('set null'))
    .addColumn('last_seen_at', 'timestamptz')
    .addColumn('retired_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('devices_pk', ['hall_id', 'id'])
    .execute()

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('token_id', 'text')
    .addColumn('role', 'text')
    .addColumn('ip', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('hall_id', 'text')
    .addColumn('details', 'jsonb')
    .execute()
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute()
  await db.schema.createIndex('audit_log_hall_at').on('audit_log').columns(['hall_id', 'at']).execute()

  // Archive tables carry no foreign keys on purpose: history must be written even when the
  // configuration tables lag behind the live store (a hall configured before Postgres was reachable).
  await db.schema
    .createTable('events')
    .addColumn('hall_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('ticket_id', 'text')
    .addColumn('event', 'jsonb', (c) => c.notNull())
    .addColumn('archived_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('events_pk', ['hall_id', 'seq'])
    .execute()
  await sql`create index events_ticket on events (hall_id, ticket_id, seq) where ticket_id is not null`.execute(db)

  await db.schema
    .createTable('tickets')
    .addColumn('hall_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('class', 'text', (c) => c.notNull())
    .addColumn('business_date', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('window_id', 'text')
    .addColumn('rule', 'text')
    .addColumn('issued_at', 'timestamptz')
    .addColumn('called_at', 'timestamptz')
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addColumn('expired_at', 'timestamptz')
    .addColumn('recalls', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('requeues', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('transfers', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ahead_at_issue', 'integer')
    .addColumn('eta_at_issue_sec', 'integer')
    .addColumn('first_seq', 'bigint', (c) => c.notNull())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('tickets_pk', ['hall_id', 'id'])
    .execute()
  await db.schema
    .createIndex('tickets_hall_date')
    .on('tickets')
    .columns(['hall_id', 'business_date', 'first_seq'])
    .execute()
  // Rollover looks only at open rows, so keep an index of exactly those.
  await sql`create index tickets_open on tickets (hall_id, business_date) where outcome is null`.execute(db)

  await db.schema
    .createTable('archive_checkpoints')
    .addColumn('hall_id', 'text', (c) => c.primaryKey())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .addColumn('business_date', 'date')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'archive_checkpoints',
    'tickets',
    'events',
    'audit_log',
    'devices',
    'staff',
    'api_tokens',
    'windows',
    'services',
    'hall_configs',
    'halls',
    'org_units',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
