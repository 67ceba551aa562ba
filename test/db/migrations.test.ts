// The same migrations bring an empty Postgres and an empty PGlite to the full schema.
import { readdirSync } from 'node:fs'
import { sql } from 'kysely'
import t from 'tap'
import { migrateDown, migrateToLatest } from '../../src/db/migrate.ts'
import { eachBackend } from './fixtures/backends.ts'

// Every migration file, in the order the Migrator runs them (names sort by their timestamp).
const MIGRATIONS = readdirSync(new URL('../../migrations/', import.meta.url))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort()

// The tables of the first migration and of later ones this suite knows; others may add more.
const TABLES = [
  'appointments',
  'api_tokens',
  'archive_checkpoints',
  'audit_log',
  'devices',
  'events',
  'hall_configs',
  'halls',
  'org_units',
  'services',
  'staff',
  'tickets',
  'windows',
]

t.test('migrations up from empty, idempotent, down and up again', (t) =>
  eachBackend(
    t,
    async (t, { db }) => {
      const listTables = async (): Promise<string[]> => {
        const r = await sql<{ table_name: string }>`
        select table_name from information_schema.tables
        where table_schema = 'public' and table_name not like 'kysely_%' order by table_name`.execute(db)
        return r.rows.map((row) => row.table_name)
      }
      t.same(await listTables(), [], 'empty before')
      t.same(
        await migrateToLatest(db),
        MIGRATIONS.map((m) => `Up ${m}`),
      )
      const all = await listTables()
      for (const table of TABLES) t.ok(all.includes(table), `${table} created`)
      t.same(await migrateToLatest(db), [], 'second run does nothing')
      for (const m of [...MIGRATIONS].reverse()) t.same(await migrateDown(db), [`Down ${m}`])
      t.same(await listTables(), [], 'down removes every table')
      await migrateToLatest(db)
      t.same(await listTables(), all, 'up again gives the same tables')
      // Values come back in the same shapes on both drivers.
      await db
        .insertInto('archive_checkpoints')
        .values({ hall_id: 'h', last_seq: 2 ** 40, business_date: '2026-11-22', updated_at: new Date(0) })
        .execute()
      const row = await db.selectFrom('archive_checkpoints').selectAll().executeTakeFirstOrThrow()
      t.same(row, { hall_id: 'h', last_seq: 2 ** 40, business_date: '2026-11-22', updated_at: new Date(0) })
    },
    { migrate: false },
  ),
)
