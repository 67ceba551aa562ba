// One entry point for the database: real Postgres when a URL is given, embedded PGlite otherwise.
// Both return the same Kysely<Database>, run the same migrations and parse values the same way:
// int8 → number (seq, ids: all far below 2^53), date → 'YYYY-MM-DD' string, timestamptz → Date.
import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Database } from './schema.ts'
import { PGliteDialect } from './pglite-dialect.ts'

export const DEFAULT_PGLITE_DIR = './data/pglite'

export interface DbOptions {
  /** postgres://… (DATABASE_URL). When absent, the embedded PGlite database is used. */
  url?: string
  /** PGlite data directory (default ./data/pglite); 'memory://' keeps it in memory. */
  dataDir?: string
  /** Postgres pool size (default 10). */
  poolSize?: number
  /** Called when an idle pooled connection fails (e.g. Postgres restarted); default: ignore. */
  onPoolError?: (err: Error) => void
}

const INT8 = 20
const DATE = 1082
const asNumber = (value: string): number => Number(value)
const asIs = (value: string): string => value

function createPool(opts: DbOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolSize ?? 10,
    // Fail fast while Postgres is unreachable: callers (the archiver) retry with backoff.
    connectionTimeoutMillis: 5_000,
    query_timeout: 30_000,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8) return asNumber
        if (oid === DATE) return asIs
        return pg.types.getTypeParser(oid, format as 'text')
      }) as typeof pg.types.getTypeParser,
    },
  })
  // Without a listener an idle client's error (server restart) would crash the process.
  pool.on('error', (err) => opts.onPoolError?.(err))
  // The pool listens only to idle clients: a checked-out client between two queries (inside a
  // transaction) whose connection dies emits 'error' with nobody listening, which would crash the
  // process. Its next query fails anyway, and the pool drops it on release.
  pool.on('connect', (client) => client.on('error', (err) => opts.onPoolError?.(err)))
  return pool
}

async function createPGlite(dataDir: string): Promise<PGlite> {
  if (!dataDir.includes('://')) mkdirSync(dataDir, { recursive: true })
  return PGlite.create(dataDir, { parsers: { [DATE]: asIs } })
}

export async function createDb(opts: DbOptions = {}): Promise<Kysely<Database>> {
  if (opts.url) return new Kysely<Database>({ dialect: new PostgresDialect({ pool: createPool(opts) }) })
  const pglite = await createPGlite(opts.dataDir ?? DEFAULT_PGLITE_DIR)
  return new Kysely<Database>({ dialect: new PGliteDialect(pglite) })
}

/** True when the database answers (for /ready). */
export async function pingDb(db: Kysely<Database>): Promise<boolean> {
  try {
    await db.selectNoFrom((eb) => eb.lit(1).as('one')).execute()
    return true
  } catch {
    return false
  }
}
