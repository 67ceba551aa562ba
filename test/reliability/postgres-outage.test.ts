// Postgres outage at the system level: the core (startServer with REDIS_URL and DATABASE_URL,
// the archiver running inside it) reaches Postgres through a TCP proxy that the test cuts for a
// while under load. The queue keeps working; when the proxy is back, the archive catches up:
// every ticket and every event exactly once. Default outage 5 s; RELIABILITY_LONG=1: 3 minutes.
import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'
import pg from 'pg'
import t from 'tap'
import { createDb } from '../../src/db/connect.ts'
import { startServer } from '../../src/server.ts'
import { RedisQueueStore } from '../../src/store/redis/redis-store.ts'
import { TcpProxy } from '../db/fixtures/outages.ts'
import { freshPostgresUrlForTests } from '../helpers/services.ts'
import { auditRun } from './helpers/audit.ts'
import { record } from './helpers/figures.ts'
import { newHallId } from './helpers/hall.ts'
import { runLoad } from './helpers/load.ts'
import { freePort } from './helpers/ports.ts'
import { privateRedis } from './helpers/redis-process.ts'
import { setupHall } from './helpers/setup.ts'

// Processes start and stop here: more than tap's default 2 minutes on a busy machine, and
// RELIABILITY_LONG=1 runs for minutes.
t.setTimeout(process.env.RELIABILITY_LONG === '1' ? 15 * 60_000 : 5 * 60_000)

const ADMIN = 'reliability-admin-token-postgres'
const OUTAGE_MS = process.env.RELIABILITY_LONG === '1' ? 180_000 : 5_000

t.test('a connection cut while a transaction holds it (between queries) does not crash the process', async (t) => {
  const pgUrl = await freshPostgresUrlForTests(t)
  if (!pgUrl) return
  const target = new URL(pgUrl)
  const proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) })
  await proxy.up()
  t.teardown(() => proxy.down())
  const viaProxy = new URL(pgUrl)
  viaProxy.port = String(proxy.port)
  const db = await createDb({ url: viaProxy.toString() })
  t.teardown(() => db.destroy().catch(() => {}))
  const uncaught: unknown[] = []
  const onUncaught = (err: unknown): void => void uncaught.push(err)
  process.prependListener('uncaughtException', onUncaught)
  t.teardown(() => process.off('uncaughtException', onUncaught))

  const inTransaction = db.transaction().execute(async (trx) => {
    await trx.selectNoFrom((eb) => eb.lit(1).as('one')).execute()
    await proxy.down() // the archiver's advisory-lock transaction sits exactly here between queries
    await sleep(300)
    await trx.selectNoFrom((eb) => eb.lit(2).as('two')).execute()
  })
  await t.rejects(inTransaction, 'the transaction fails (as it should)')
  await sleep(100)
  t.same(uncaught.map(String), [], 'no uncaught error event from the pooled client')
  await proxy.up()
  t.ok(await db.selectNoFrom((eb) => eb.lit(1).as('one')).execute(), 'the pool works again')
})

t.test(`Postgres away for ${OUTAGE_MS / 1000} s under load: the queue works, the archive catches up`, async (t) => {
  const pgUrl = await freshPostgresUrlForTests(t)
  // A private Redis: the archiver follows every hall of its Redis, and must not touch others' tests.
  const redis = await privateRedis(t)
  if (!pgUrl || !redis) return
  const target = new URL(pgUrl)
  const proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) })
  await proxy.up()
  t.teardown(() => proxy.down())
  const viaProxy = new URL(pgUrl)
  viaProxy.port = String(proxy.port)

  const server = await startServer({
    REDIS_URL: redis.url,
    DATABASE_URL: viaProxy.toString(),
    ADMIN_TOKEN: ADMIN,
    IDENTITY_KEY: 'd'.repeat(64),
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    LOG_LEVEL: 'fatal',
  })
  t.teardown(() => server.close())
  const hall = newHallId('pg')
  const tokens = await setupHall(server.url, hall, ADMIN)

  const stop = new AbortController()
  const running = runLoad({
    bases: () => [server.url],
    hall,
    kioskToken: tokens.kiosk,
    clerkToken: tokens.clerk,
    issuers: 3,
    issueGapMs: OUTAGE_MS > 10_000 ? 200 : 25,
    callGapMs: OUTAGE_MS > 10_000 ? 300 : 60,
    stop: stop.signal,
  })
  await sleep(1500)
  await proxy.down()
  const cutAt = Date.now()
  await sleep(OUTAGE_MS)
  await proxy.up()
  const backAt = Date.now()
  await sleep(1000)
  stop.abort()
  const load = await running
  t.same(load.unexpected, [], 'the queue answered every call during the outage')

  const store = new RedisQueueStore(new Redis(redis.url))
  t.teardown(() => store.close())
  const events = await store.eventsSince(hall, 0, 1_000_000)
  await auditRun(t, load, events, async (id) => (await store.getTicket(hall, id))?.number ?? null)
  const lastSeq = events.at(-1)!.seq

  const db = new pg.Client({ connectionString: pgUrl })
  await db.connect()
  t.teardown(() => db.end())
  let caughtUpMs = -1
  for (let i = 0; i < 600; i++) {
    const r = await db.query('select count(*)::int n, max(seq)::int m from events where hall_id = $1', [hall])
    if (r.rows[0].n === lastSeq && r.rows[0].m === lastSeq) {
      caughtUpMs = Date.now() - backAt
      break
    }
    await sleep(100)
  }
  t.ok(caughtUpMs >= 0, `the archive caught up (${caughtUpMs} ms after Postgres came back)`)
  const rows = (await db.query('select id, number from tickets where hall_id = $1', [hall])).rows as {
    id: string
    number: string
  }[]
  const archived = new Map(rows.map((r) => [r.id, r.number]))
  const issuedInStore = events.filter((e) => e.type === 'ticket.issued').length
  t.equal(rows.length, issuedInStore, 'one archive row per ticket issued')
  const missing = load.issued.filter((r) => archived.get(r.id) !== r.number)
  t.same(missing, [], 'every acknowledged ticket is archived with its number')
  const dup = await db.query(
    'select count(*)::int n from (select seq from events where hall_id = $1 group by seq having count(*) > 1) d',
    [hall],
  )
  t.equal(dup.rows[0].n, 0, 'no event archived twice')
  await record('postgres-outage', {
    outageMs: backAt - cutAt,
    acknowledged: load.issued.length,
    called: load.called.length,
    events: lastSeq,
    archivedTickets: rows.length,
    lost: missing.length,
    duplicated: dup.rows[0].n,
    caughtUpMs,
  })
})
