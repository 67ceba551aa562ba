// The core's Postgres side, when one is configured (DATABASE_URL, or PGLITE_DIR for the embedded
// PGlite): migrations at start, hall documents restored into the live store, config history on
// every PUT, the audit writer, the history routes and the archiver. None of it is on the live
// path: issue / call-next / status never wait for Postgres.
import { mkdir, open, readFile, unlink } from 'node:fs/promises'
import { dirname } from 'node:path'
import { Redis } from 'ioredis'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { AppOptions } from '../app.ts'
import { createArchiver } from '../archive/create-archiver.ts'
import type { Archiver } from '../archive/archiver.ts'
import { compileHall } from '../config/compile-hall.ts'
import { parseHallDocument } from '../config/validate-hall.ts'
import { AuditBuffer } from '../core/audit-buffer.ts'
import { createDb, pingDb } from '../db/connect.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { recordAudit } from '../db/repos/audit.ts'
import { latestHallConfigs, saveHallConfig } from '../db/repos/hall-configs.ts'
import type { Database } from '../db/schema.ts'
import { auditPlugin } from '../http/audit-plugin.ts'
import { historyPlugin } from '../http/routes/history.ts'
import { orgUnitRoutes } from '../http/routes/org-units.ts'
import { evaluationApiPlugin } from '../evaluation/wiring.ts'
import { FactMaintainer } from '../stats/fact-maintainer.ts'
import { ReportService } from '../stats/report-service.ts'
import type { QueueStore } from '../store/port.ts'

export interface DatabaseWiring {
  db: Kysely<Database>
  archiver: Archiver
  /** What buildApp needs: config history, audit hook, history routes, a readiness figure. */
  appOptions: Pick<AppOptions, 'saveHallDocument' | 'apiPlugins' | 'extraPlugins'>
  close(): Promise<void>
}

export type DbEnv = Record<string, string | undefined>

export async function openDatabase(env: DbEnv, store: QueueStore, log: Logger): Promise<DatabaseWiring | null> {
  if (!env.DATABASE_URL && !env.PGLITE_DIR) return null
  const releaseLock = env.DATABASE_URL ? null : await lockDataDir(env.PGLITE_DIR!)
  const db = await createDb(env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: env.PGLITE_DIR! })
  await migrateToLatest(db)
  await restoreHalls(db, store, log)

  const audit = new AuditBuffer({
    write: async (entries) => {
      await db.transaction().execute(async (trx) => {
        for (const e of entries) await recordAudit(trx, e)
      })
    },
    onError: (err, pending) => log.warn({ err, pending }, 'audit: postgres write failed; will retry'),
    onDrop: (dropped) => log.error({ dropped }, 'audit: buffer full; oldest entries dropped'),
  })
  audit.start()

  // The archiver reads the stream on its own connection: its blocking reads never delay the queue.
  const archiveRedis = env.REDIS_URL ? new Redis(env.REDIS_URL, { maxRetriesPerRequest: null }) : undefined
  const archiver = createArchiver({
    db,
    store,
    log: log.child({ part: 'archiver' }),
    ...(archiveRedis && { redis: archiveRedis }),
  })
  archiver.start()

  // Report statistics are built in the background (every minute), never a backfill in a request.
  // (Hall time zones and targets from the saved configuration, which Postgres always has.)
  const reports = new ReportService({ db, now: Date.now })
  const facts = new FactMaintainer({
    db,
    hallInfo: (h) => reports.hallInfo(h),
    now: Date.now,
    log: log.child({ part: 'stats' }),
  })
  facts.start()

  return {
    db,
    archiver,
    appOptions: {
      saveHallDocument: async (hall, document, by) => {
        await saveHallConfig(db, { hall, document, createdBy: by })
      },
      apiPlugins: [
        async (api) => void (await api.register(historyPlugin, { db })),
        async (api) => void (await api.register(orgUnitRoutes, { db })),
        evaluationApiPlugin({ db }),
      ],
      extraPlugins: [async (app) => void (await app.register(auditPlugin, { record: (e) => audit.add(e) }))],
    },
    close: async () => {
      await facts.stop()
      await archiver.stop()
      await audit.stop()
      if (archiveRedis) await archiveRedis.quit()
      await db.destroy()
      await releaseLock?.()
    },
  }
}

/** Postgres holds the configuration for good: a live store that lacks a hall, or holds another
 *  document for it, is configured from the latest saved version. Equal documents are left alone
 *  (no new version, no event) so a restart is quiet. */
async function restoreHalls(db: Kysely<Database>, store: QueueStore, log: Logger): Promise<void> {
  if (!(await pingDb(db))) throw new Error('database not reachable at start')
  for (const saved of await latestHallConfigs(db)) {
    const live = await store.getHall(saved.hall)
    if (live && JSON.stringify(live.document) === JSON.stringify(saved.document)) continue
    try {
      const document = parseHallDocument(saved.document, `hall ${saved.hall} (config version ${saved.version})`)
      await store.configureHall(saved.hall, document, compileHall(saved.hall, document), { now: Date.now() })
      log.info({ hall: saved.hall, version: saved.version }, 'hall configuration restored from postgres')
    } catch (err) {
      log.error({ err, hall: saved.hall }, 'hall configuration could not be restored')
    }
  }
}

/** PGlite is one process's database: a second `npm start` on the same folder must not open it. */
async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const lock = `${dir.replace(/\/+$/, '')}.lock`
  await mkdir(dirname(lock), { recursive: true })
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(lock, 'wx')
      await fh.writeFile(String(process.pid))
      await fh.close()
      return () => unlink(lock).catch(() => undefined)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const pid = Number(await readFile(lock, 'utf8').catch(() => ''))
      if (pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new Error(`${dir} is in use by process ${pid} (another hall-queue); stop it or set PGLITE_DIR`, {
          cause: err,
        })
      }
      await unlink(lock).catch(() => undefined) // left by a process that died
    }
  }
  throw new Error(`could not lock ${dir}`)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
