// Brings the schema to the latest migration. Runs at start (migrateToLatest) and as a command:
//   tsx src/db/migrate.ts            (DATABASE_URL, else PGlite in PGLITE_DIR or ./data/pglite)
//   tsx src/db/migrate.ts --down     (reverts the latest migration)
import { readdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely'
import { QmsError } from '../domain/errors.ts'
import { createDb } from './connect.ts'

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url))

/** Every `*.ts` / `*.js` file of the folder is a migration, named by its file name without extension. */
export class FolderMigrationProvider implements MigrationProvider {
  constructor(private readonly folder: string = MIGRATIONS_DIR) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {}
    for (const file of (await readdir(this.folder)).sort()) {
      if (!/\.(ts|js|mjs)$/.test(file) || file.endsWith('.d.ts')) continue
      const module = (await import(pathToFileURL(join(this.folder, file)).href)) as Migration
      migrations[file.replace(/\.(ts|js|mjs)$/, '')] = { up: module.up, ...(module.down ? { down: module.down } : {}) }
    }
    return migrations
  }
}

// Migrations run before any table exists, so they take a database of any schema.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

export const migratorFor = (db: AnyDb): Migrator => new Migrator({ db, provider: new FolderMigrationProvider() })

function check({ error, results }: MigrationResultSet): string[] {
  const failed = results?.find((r) => r.status === 'Error')
  if (error || failed) {
    throw new QmsError('QMS_ERR_INTERNAL', `migration ${failed?.migrationName ?? ''} failed`, {
      cause: error instanceof Error ? error.message : String(error),
    })
  }
  return (results ?? []).map((r) => `${r.direction} ${r.migrationName}`)
}

/** Applies every pending migration; returns what it did (empty when already up to date). */
export async function migrateToLatest(db: AnyDb): Promise<string[]> {
  return check(await migratorFor(db).migrateToLatest())
}

export async function migrateDown(db: AnyDb): Promise<string[]> {
  return check(await migratorFor(db).migrateDown())
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL
  const db = await createDb(url ? { url } : { dataDir: process.env.PGLITE_DIR ?? './data/pglite' })
  try {
    const done = process.argv.includes('--down') ? await migrateDown(db) : await migrateToLatest(db)
    console.log(done.length ? done.join('\n') : 'already up to date')
  } finally {
    await db.destroy()
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err)
    process.exitCode = 1
  })
}
