// Soak: a simulated week through the whole system — core (startServer on a private Redis and a
// fresh Postgres, archiver included), the embedded MQTT broker, the firmware bridge and simulated
// devices — driven by the hall simulator over HTTP at `--speed` times real time. Samples memory,
// Redis memory, the hall's Redis keys and event-loop lag, and accounts for every ticket of each
// day (issued = served + no-show + cancelled + still open, in the live store and in the archive).
// Usage: npm run soak -- [--days 7] [--speed 20] [--from 08:45] [--to 18:30] [--sample-sec 10]
//        [--embedded]   (the embedded default instead: in-process store with its journal, PGlite)
// Writes test-artifacts/reliability/soak.json and prints a table. Localhost only; stops by itself.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { Redis } from 'ioredis'
import pg from 'pg'
import { sql } from 'kysely'
import pino from 'pino'
import type { Test } from 'tap'
import { startBridge } from '../../firmware-bridge/src/index.ts'
import { startSimulator } from '../../firmware-bridge/sim/simulator.ts'
import { SimulatedHall } from '../../bench/sim/clerks.ts'
import { dayFromDocument } from '../../bench/sim/day-from-document.ts'
import { localTimeMs } from '../../bench/sim/day-types.ts'
import { HttpHallPort } from '../../bench/sim/http-port.ts'
import { Rng } from '../../bench/sim/rng.ts'
import { offsetMinOf } from '../../bench/sim/run-day.ts'
import { realTime, Scheduler } from '../../bench/sim/scheduler.ts'
import { generateCitizens } from '../../bench/sim/traffic.ts'
import { parseHallDocument } from '../../src/config/validate-hall.ts'
import { startCoreMqtt } from '../../src/mqtt/start-mqtt.ts'
import { startServer, type RunningServer } from '../../src/server.ts'
import { POSTGRES_URL } from '../helpers/services.ts'
import { record } from './helpers/figures.ts'
import { call } from './helpers/http.ts'
import { freePort } from './helpers/ports.ts'
import { privateRedis } from './helpers/redis-process.ts'
import { soakHall } from './soak/hall.ts'
import { Sampler, type Sample } from './soak/sampler.ts'

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '7' },
    speed: { type: 'string', default: '20' },
    from: { type: 'string', default: '08:45' },
    to: { type: 'string', default: '18:30' },
    'sample-sec': { type: 'string', default: '10' },
    embedded: { type: 'boolean', default: false },
  },
})
const DAYS = Number(values.days)
const SPEED = Number(values.speed)
const FIRST_DATE = '2026-03-09' // a Monday
const cleanups: (() => Promise<unknown>)[] = []
const shim = { comment: console.log, teardown: (fn: () => Promise<unknown>) => cleanups.push(fn) } as unknown as Test

async function freshDatabase(): Promise<string> {
  const name = `qms_soak_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: POSTGRES_URL })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: POSTGRES_URL })
    await c.connect()
    await c.query(`drop database if exists ${name} with (force)`)
    await c.end()
  })
  const url = new URL(POSTGRES_URL)
  url.pathname = `/${name}`
  return url.toString()
}

// The core's clock: each simulated day runs from --from to --to at SPEED; nights are skipped.
let simStart = 0
let wallStart = 0
const simNow = (): number => simStart + (Date.now() - wallStart) * SPEED

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'qms-soak-'))
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }))
  const journal = join(dir, 'queue-journal.ndjson')
  const redis = values.embedded ? null : (await privateRedis(shim))!
  const stores = redis
    ? { REDIS_URL: redis.url, DATABASE_URL: await freshDatabase() }
    : { QUEUE_JOURNAL: journal, PGLITE_DIR: join(dir, 'pglite') }
  const admin = randomBytes(18).toString('base64url')
  const log = pino({ level: 'silent' })
  simStart = localTimeMs(FIRST_DATE, values.from, 480)
  wallStart = Date.now()
  const server = await startServer(
    {
      ...stores,
      ADMIN_TOKEN: admin,
      IDENTITY_KEY: 'a'.repeat(64),
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    },
    { now: simNow },
  )
  cleanups.unshift(() => server.close())
  const hall = 'soak'
  const doc = soakHall()
  if ((await call(server.url, 'PUT', `/api/v1/halls/${hall}`, { token: admin, body: doc })).status !== 201)
    throw new Error('hall')
  const mint = async (body: object) =>
    (await call(server.url, 'POST', '/api/v1/tokens', { token: admin, body })).body.secret as string
  const manager = await mint({ role: 'manager', halls: [hall] })
  const display = await mint({ role: 'display', hall })
  const deviceTokens: Record<string, string> = {}
  for (const d of doc.devices as { id: string; type: string; window?: string }[])
    if (d.type === 'keypad')
      deviceTokens[d.id] = await mint({ role: 'device', hall, device: d.id, windows: [d.window!] })

  const mqtt = await startCoreMqtt({ store: server.store, log, port: 0 })
  cleanups.unshift(() => mqtt.close())
  const bridge = await startBridge({
    halls: [hall],
    mqttUrl: mqtt.url,
    secret: mqtt.secret,
    coreUrl: server.url,
    token: display,
    deviceTokens,
    log,
  })
  cleanups.unshift(() => bridge.stop())
  const sim = await startSimulator({ url: mqtt.url, hall, document: doc, secret: mqtt.secret, log })
  cleanups.unshift(() => sim.stop())

  const probe = redis ? new Redis(redis.url) : null
  if (probe) cleanups.unshift(() => probe.quit())
  const sampler = new Sampler(probe, hall, redis ? null : journal)
  const db = await archiveReader(server, stores.DATABASE_URL)
  const document = parseHallDocument(doc)
  const rng = new Rng(20261122)
  const days: Record<string, unknown>[] = []
  console.log(
    `soak: ${DAYS} days at ×${SPEED}, ${values.from}–${values.to} each; samples every ${values['sample-sec']} s`,
  )

  for (let d = 0; d < DAYS; d++) {
    const date = new Date(Date.parse(`${FIRST_DATE}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10)
    const offset = offsetMinOf(document.timezone, date)
    const start = localTimeMs(date, values.from, offset)
    const end = localTimeMs(date, values.to, offset)
    simStart = start
    wallStart = Date.now()
    const sched = new Scheduler(start, realTime(start, SPEED))
    const day = dayFromDocument(hall, document)
    const port = new HttpHallPort(`${server.url}/api/v1`, hall, manager)
    const simHall = new SimulatedHall(day, port, sched, rng.fork(2 * d + 2))
    simHall.plan(date, offset, generateCitizens(day, date, offset, rng.fork(2 * d + 1)))
    const timer = setInterval(
      () => void sampler.sample(d + 1, simNow()).catch(() => {}),
      Number(values['sample-sec']) * 1000,
    )
    await sched.run(end)
    clearInterval(timer)
    const closing = await sampler.sample(d + 1, simNow())
    days.push({ date, ...(await accountDay(db, hall, date, simHall.issued, port.stats.failed)), ...closing })
    console.log(JSON.stringify(days.at(-1)))
  }
  const report = {
    days: DAYS,
    speed: SPEED,
    hours: `${values.from}-${values.to}`,
    perDay: days,
    samples: sampler.samples,
  }
  await record(redis ? 'soak' : 'soak-embedded', report)
  printTable(days, sampler.samples)
}

/** Reads the archive: its own Postgres connection, or the server's PGlite (one process only). */
async function archiveReader(server: RunningServer, url: string | undefined): Promise<Reader> {
  if (url) {
    const c = new pg.Client({ connectionString: url })
    await c.connect()
    cleanups.unshift(() => c.end())
    return { query: async (text, params) => (await c.query(text, params)).rows }
  }
  const db = server.database!.db
  return { query: async (text, params) => (await sql.raw(bind(text, params)).execute(db)).rows as never }
}

type Reader = { query: (text: string, params: unknown[]) => Promise<any[]> } // eslint-disable-line @typescript-eslint/no-explicit-any

/** Inlines $1… for PGlite's raw queries (the values here are ids and dates the soak made). */
const bind = (text: string, params: unknown[]): string =>
  text.replace(/\$(\d+)/g, (_, i: string) => `'${String(params[Number(i) - 1]).replace(/'/g, "''")}'`)

/** Every ticket of the day in the archive once; issued = the driver's 201s; outcomes add up. */
async function accountDay(db: Reader, hall: string, date: string, issued: number, failed: number) {
  // The archiver runs beside the traffic; give it a moment to take the day's last events.
  let rows: { outcome: string | null; n: number }[] = []
  for (let i = 0; i < 100; i++) {
    rows = await db.query(
      'select outcome, count(*)::int n from tickets where hall_id = $1 and business_date = $2 group by outcome',
      [hall, date],
    )
    if (rows.reduce((s, x) => s + x.n, 0) >= issued) break
    await new Promise((res) => setTimeout(res, 200))
  }
  const by = Object.fromEntries(rows.map((r) => [r.outcome ?? 'open', r.n]))
  const archived = rows.reduce((s, x) => s + x.n, 0)
  const dupes = await db.query(
    'select count(*)::int n from (select seq from events where hall_id = $1 group by seq having count(*) > 1) x',
    [hall],
  )
  return {
    issued,
    archived,
    lost: Math.max(0, issued - archived),
    duplicated: dupes[0].n as number,
    failedRequests: failed,
    outcomes: by,
  }
}

function printTable(days: Record<string, unknown>[], samples: Sample[]): void {
  console.log(
    '\n| day | issued | archived | lost | dup | heap MB | RSS MB | Redis MB | tk | stream | journal MB | lag p99 ms |',
  )
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|')
  for (const d of days)
    console.log(
      `| ${String(d.date)} | ${String(d.issued)} | ${String(d.archived)} | ${String(d.lost)} | ${String(d.duplicated)} | ${String(d.heapMB)} | ${String(d.rssMB)} | ${String(d.redisMB)} | ${String(d.ticketHash)} | ${String(d.streamLen)} | ${String(d.journalMB)} | ${String(d.lagP99Ms)} |`,
    )
  const maxLag = Math.max(...samples.map((s) => s.lagMaxMs))
  console.log(`\nmax event-loop lag over the run: ${maxLag} ms; ${samples.length} samples`)
}

main()
  .catch((err: unknown) => {
    console.error(err)
    process.exitCode = 1
  })
  .finally(async () => {
    for (const fn of cleanups) await fn().catch(() => {})
    process.exit()
  })
