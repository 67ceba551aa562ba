// Runs the core: picks the stores from the environment, builds the app and listens.
//   HOST, PORT            listen address (default 0.0.0.0:8080)
//   REDIS_URL             Redis queue store + token store + shared rate limits; else in-process
//   QUEUE_JOURNAL         with the in-process store: journal file that survives restarts
//   ADMIN_TOKEN           bootstrap admin secret (create the first tokens with it)
//   DATABASE_URL          Postgres: config history, archive, audit, history API (PGLITE_DIR: embedded)
//   ALLOCATION_INTERVAL_MS  allocation controller period (default 60000; 0 = only on request)
//   LOG_LEVEL             pino level (default info)
//   TRUST_PROXY           'true' or a list of proxy addresses (client IPs for rate limits)
//   PUBLIC_ISSUE_PER_CLIENT, PUBLIC_ISSUE_PER_HALL   public tickets per minute (default 10, 600)
//   PREDICTIONS           'off' disables the wait-time predictor (default on: docs/prediction.md)
//   PREDICTIONS_CPU_SHARE share of one core all forecasts may use together (default 0.03)
import { pathToFileURL } from 'node:url'
import { Redis } from 'ioredis'
import { buildApp, type AppOptions } from './app.ts'
import { CachedTokenStore } from './auth/cached-token-store.ts'
import { MemoryTokenStore } from './auth/memory-token-store.ts'
import { RedisTokenStore } from './auth/redis-token-store.ts'
import type { TokenStore } from './auth/token-store.ts'
import { MemoryQueueStore } from './store/memory/memory-store.ts'
import { openJournaledStore } from './store/memory/journaled-store.ts'
import type { QueueStore } from './store/port.ts'
import type { FastifyInstance } from 'fastify'
import pino from 'pino'
import { displaysPlugin } from './http/displays-plugin.ts'
import { requestSerializer } from './realtime/log-redaction.ts'
import { openDatabase, type DatabaseWiring } from './system/database.ts'
import { citizenServices } from './appointments/wiring.ts'
import { pgArrivalHistory } from './alloc/history-source.ts'
import { allocationRoutes } from './http/routes/allocation.ts'
import { PgTokenStore } from './db/repos/tokens.ts'
import { archiveHistory } from './predict/archive-history.ts'

export type ServerEnv = Record<string, string | undefined>

export interface RunningServer {
  app: FastifyInstance
  url: string
  store: QueueStore
  database: DatabaseWiring | null
  /** Stops listening, lets requests finish, then closes the stores. Safe to call twice. */
  close(): Promise<void>
}

interface Backing {
  store: QueueStore
  tokens: TokenStore
  redis?: Redis
  backend: 'redis' | 'memory'
}

async function openStores(env: ServerEnv): Promise<Backing> {
  if (!env.REDIS_URL) {
    // QUEUE_JOURNAL keeps the embedded queues across restarts (npm start sets ./data/queue-journal.ndjson).
    const store = env.QUEUE_JOURNAL ? (await openJournaledStore(env.QUEUE_JOURNAL)).store : new MemoryQueueStore()
    // Tokens in process memory only until the database is open (see startServer).
    return { store, tokens: new MemoryTokenStore(), backend: 'memory' }
  }
  // Loaded only when asked for, so an embedded start never touches the Redis code.
  const { RedisQueueStore } = await import('./store/redis/redis-store.ts')
  // The queue store owns its connections (it quits them on close); tokens and rate limits share one.
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2 })
  return {
    store: new RedisQueueStore(new Redis(env.REDIS_URL)),
    // Cached per instance (2 s): no Redis round trips before an authenticated request's work.
    tokens: new CachedTokenStore(new RedisTokenStore(redis)),
    redis,
    backend: 'redis',
  }
}

const intOr = (raw: string | undefined, fallback: number, zeroAllowed = false): number => {
  const n = raw === undefined ? NaN : Number(raw)
  return Number.isInteger(n) && (n > 0 || (zeroAllowed && n === 0)) ? n : fallback
}

/** A share of one core, (0, 1]; a wrong value stops the start with its name rather than guessing. */
function shareOf(name: string, raw: string): number {
  const n = Number(raw)
  if (!(n > 0 && n <= 1)) throw new Error(`${name} must be a number in (0, 1], got "${raw}"`)
  return n
}

function trustProxyOf(raw: string | undefined): AppOptions['trustProxy'] {
  if (raw === undefined || raw === '' || raw === 'false') return false
  if (raw === 'true') return true
  return raw.split(',').map((s) => s.trim())
}

export async function startServer(
  env: ServerEnv = process.env,
  extra: Partial<AppOptions> = {},
): Promise<RunningServer> {
  const backing = await openStores(env)
  const logger = { level: env.LOG_LEVEL ?? 'info', serializers: { req: requestSerializer } }
  const log = pino(logger)
  const database = await openDatabase(env, backing.store, log)
  // Without Redis, tokens minted through the API must outlive a restart (kiosks and displays keep
  // theirs for months): they go to the database when there is one (PGlite for `npm start`).
  if (!backing.redis && database) backing.tokens = new PgTokenStore(database.db)
  const citizens = citizenServices({
    env,
    store: backing.store,
    db: database?.db ?? null,
    ...(backing.redis && { redis: backing.redis }),
    log,
  })
  const app = await buildApp({
    identity: citizens.appOptions.identity,
    store: backing.store,
    tokens: backing.tokens,
    ...(env.ADMIN_TOKEN && { adminToken: env.ADMIN_TOKEN }),
    // Request logs are written off the event loop (a write per line was a measurable part of a
    // request, docs/performance.md); lines written meanwhile go out together, the rest at exit.
    logger: { ...logger, stream: pino.destination({ dest: 1, sync: false }) },
    trustProxy: trustProxyOf(env.TRUST_PROXY),
    rateLimit: {
      perClient: intOr(env.PUBLIC_ISSUE_PER_CLIENT, 10),
      perHall: intOr(env.PUBLIC_ISSUE_PER_HALL, 600),
      ...(backing.redis && { redis: backing.redis }),
    },
    // Every instance follows every hall's events and forecasts the same figures; the archive
    // (when there is a database) gives the learned statistics their last two weeks.
    ...(env.PREDICTIONS !== 'off' && {
      predictions: {
        followAll: true,
        ...(env.PREDICTIONS_CPU_SHARE && { cpuShare: shareOf('PREDICTIONS_CPU_SHARE', env.PREDICTIONS_CPU_SHARE) }),
        ...(database && { history: archiveHistory(database.db, backing.store) }),
      },
    }),
    ...database?.appOptions,
    ...extra,
    apiPlugins: [
      ...(database?.appOptions.apiPlugins ?? []),
      ...citizens.appOptions.apiPlugins,
      // The allocation engine keeps its state in this process: run its loop on one instance only
      // (ALLOCATION_INTERVAL_MS=0 on the others leaves them answering its routes on demand).
      async (api) =>
        void (await api.register(allocationRoutes, {
          ...(database && { history: pgArrivalHistory(database.db) }),
          intervalMs: intOr(env.ALLOCATION_INTERVAL_MS, 60_000, true),
        })),
      ...(extra.apiPlugins ?? []),
    ],
    extraPlugins: [
      async (a) => void (await a.register(displaysPlugin)),
      ...(database?.appOptions.extraPlugins ?? []),
      ...(extra.extraPlugins ?? []),
    ],
  })
  await citizens.start()
  const url = await app.listen({ host: env.HOST ?? '0.0.0.0', port: intOr(env.PORT, 8080) })
  app.log.info({ url, store: backing.backend, admin: Boolean(env.ADMIN_TOKEN) }, 'core listening')

  let closing: Promise<void> | null = null
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await app.close()
      await citizens.stop()
      await database?.close()
      await backing.store.close()
      await backing.tokens.close()
      if (backing.redis) await backing.redis.quit()
    })())
  return { app, url, store: backing.store, database, close }
}

/** SIGINT/SIGTERM: finish in-flight requests, close the stores, exit; a second signal or 10 s forces it. */
export function closeOnSignals(server: RunningServer, graceMs = 10_000): void {
  let stopping = false
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(1)
    stopping = true
    server.app.log.info({ signal }, 'shutting down')
    setTimeout(() => process.exit(1), graceMs).unref()
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        server.app.log.error({ err }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  startServer().then(closeOnSignals, (err: unknown) => {
    console.error(err)
    process.exit(1)
  })
}
