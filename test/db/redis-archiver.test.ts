// The archiver on real Redis streams (written by the real RedisQueueStore), into Postgres and
// PGlite: re-delivery never duplicates, dead consumers' entries are claimed, the stream is trimmed
// only below what is archived, and a database outage delays the archive but loses nothing.
import { randomBytes } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { Kysely } from 'kysely'
import t, { type Test } from 'tap'
import { Archiver } from '../../src/archive/archiver.ts'
import { createArchiver } from '../../src/archive/create-archiver.ts'
import { RedisStreamSource, type RedisSourceOptions } from '../../src/archive/redis-source.ts'
import { createDb } from '../../src/db/connect.ts'
import type { Database } from '../../src/db/schema.ts'
import { purgeHall } from '../../src/store/redis/purge.ts'
import { hallKeys } from '../../src/store/redis/keys.ts'
import { RedisQueueStore } from '../../src/store/redis/redis-store.ts'
import { buildHallRuntime, hallDocument } from '../helpers/hall-runtime.ts'
import { redisForTests } from '../helpers/services.ts'
import { eachBackend } from './fixtures/backends.ts'
import { configureHall, DAY1, issueAndServe, SPEC } from './fixtures/hall-events.ts'
import { OutagePlugin, TcpProxy } from './fixtures/outages.ts'

interface Setup {
  redis: Redis
  store: RedisQueueStore
  hall: string
  stream: string
}

async function setup(t: Test): Promise<Setup | null> {
  const shared = await redisForTests(t)
  if (!shared) return null
  // Our own connection, so the hall can still be purged after the shared one is closed.
  const redis = shared.duplicate()
  const hall = `arch-${randomBytes(5).toString('hex')}`
  const store = await configureHall(new RedisQueueStore(redis), hall)
  t.teardown(async () => {
    await purgeHall(redis, hall)
    await store.close() // also quits `redis`
  })
  return { redis, store, hall, stream: hallKeys(hall).ev }
}

const archiverFor = (db: Kysely<Database>, s: Setup, opts: RedisSourceOptions = {}) =>
  new Archiver({
    db,
    source: new RedisStreamSource(s.redis, { listHalls: async () => [s.hall], ...opts }),
    idleMs: 20,
    backoffMinMs: 50,
    backoffMaxMs: 400,
  })

/** Passes until one finds nothing. */
async function drain(archiver: Archiver): Promise<void> {
  while ((await archiver.runOnce()) > 0);
}

const openedWithoutIssue = async (db: Kysely<Database>, hall: string): Promise<number> =>
  Number(
    (
      await db
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('hall_id', '=', hall)
        .where('issued_at', 'is', null)
        .executeTakeFirstOrThrow()
    ).n,
  )

const counts = async (db: Kysely<Database>, hall: string) => ({
  events: Number(
    (
      await db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('hall_id', '=', hall)
        .executeTakeFirstOrThrow()
    ).n,
  ),
  tickets: Number(
    (
      await db
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('hall_id', '=', hall)
        .executeTakeFirstOrThrow()
    ).n,
  ),
  completed: Number(
    (
      await db
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('hall_id', '=', hall)
        .where('outcome', '=', 'completed')
        .executeTakeFirstOrThrow()
    ).n,
  ),
})

const lastSeq = async (s: Setup): Promise<number> => Number(await s.redis.hget(hallKeys(s.hall).hall, 'seq'))

t.test('the same stream entries delivered twice give one row each', (t) =>
  eachBackend(t, async (t, { db }) => {
    const s = await setup(t)
    if (!s) return
    await issueAndServe(s.store, s.hall, 20)
    const seq = await lastSeq(s)
    const archiver = archiverFor(db, s, { group: 'g1', consumer: 'c1', keepEntries: 1_000_000 })
    await drain(archiver)
    t.same(await counts(db, s.hall), { events: seq, tickets: 20, completed: 20 })

    // Rewind the group: every entry is delivered again.
    await s.redis.xgroup('SETID', s.stream, 'g1', '0')
    await drain(archiver)
    // And a second, independent group archives the same stream into the same database.
    await drain(archiverFor(db, s, { group: 'g2', consumer: 'c1', keepEntries: 1_000_000 }))
    t.same(await counts(db, s.hall), { events: seq, tickets: 20, completed: 20 }, 'still one row per event and ticket')
    t.equal(archiver.status().archivedEvents, seq, 'only the first delivery inserted anything')
    const [pending] = (await s.redis.xpending(s.stream, 'g1')) as [number]
    t.equal(pending, 0, 'everything acknowledged')
    const seqs = await db.selectFrom('events').select('seq').where('hall_id', '=', s.hall).orderBy('seq').execute()
    t.same(
      seqs.map((r) => r.seq),
      Array.from({ length: seq }, (_, i) => i + 1),
      'every seq exactly once',
    )
  }),
)

t.test('entries pending at a dead consumer are claimed; trimming stops below them', (t) =>
  eachBackend(t, async (t, { db }) => {
    const s = await setup(t)
    if (!s) return
    await issueAndServe(s.store, s.hall, 10)
    const seq = await lastSeq(s)
    // A consumer that reads ten entries and dies before acknowledging them.
    await s.redis.xgroup('CREATE', s.stream, 'archiver', '0')
    await s.redis.xreadgroup('GROUP', 'archiver', 'dead', 'COUNT', 10, 'STREAMS', s.stream, '>')

    const patient = archiverFor(db, s, {
      consumer: 'live',
      claimIdleMs: 3_600_000,
      claimEveryMs: 0,
      keepEntries: 0,
      trimEveryMs: 0,
    })
    await drain(patient)
    // The first ten entries: hall.configured, two window.status and seven ticket.issued.
    t.match(await counts(db, s.hall), { events: seq - 10, tickets: 10 }, "everything but the dead consumer's entries")
    t.equal(await openedWithoutIssue(db, s.hall), 7, 'rows of tickets whose issue event is still pending')
    t.equal(await s.redis.xlen(s.stream), seq, 'nothing trimmed: the oldest entries are not archived yet')

    const claiming = archiverFor(db, s, {
      consumer: 'live',
      claimIdleMs: 1,
      claimEveryMs: 0,
      keepEntries: 0,
      trimEveryMs: 0,
    })
    await new Promise((r) => setTimeout(r, 5))
    await drain(claiming)
    t.same(await counts(db, s.hall), { events: seq, tickets: 10, completed: 10 })
    t.equal(await openedWithoutIssue(db, s.hall), 0, 'the claimed issue events completed the rows')
    t.equal(((await s.redis.xpending(s.stream, 'archiver')) as [number])[0], 0)
    t.equal(await s.redis.xlen(s.stream), 0, 'archived entries trimmed')

    // With a retention, the newest archived entries stay readable for live clients filling gaps.
    await issueAndServe(s.store, s.hall, 5)
    await drain(archiverFor(db, s, { consumer: 'live', keepEntries: 7, trimEveryMs: 0 }))
    t.equal(await s.redis.xlen(s.stream), 7)
    t.equal((await s.store.eventsSince(s.hall, (await lastSeq(s)) - 7, 100)).length, 7)
  }),
)

t.test('database outage: the live queue goes on; the archive catches up exactly once', (t) =>
  eachBackend(t, async (t, { name, db, options }) => {
    const s = await setup(t)
    if (!s) return
    let archiveDb: Kysely<Database>
    let outage: { down(): Promise<void>; up(): Promise<unknown> }
    if (name === 'postgres') {
      // The archiver reaches Postgres only through a proxy we can cut.
      const pgUrl = new URL(options.url!)
      const proxy = new TcpProxy({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) })
      await proxy.up()
      pgUrl.host = `127.0.0.1:${proxy.port}`
      archiveDb = await createDb({ url: pgUrl.toString(), poolSize: 2 })
      t.teardown(async () => {
        await archiveDb.destroy()
        await proxy.down()
      })
      outage = proxy
    } else {
      const plugin = new OutagePlugin()
      archiveDb = db.withPlugin(plugin)
      outage = { down: async () => void (plugin.down = true), up: async () => void (plugin.down = false) }
    }
    const archiver = archiverFor(archiveDb, s, { keepEntries: 0, trimEveryMs: 0 })
    archiver.start()
    t.teardown(() => archiver.stop())

    await outage.down()
    await issueAndServe(s.store, s.hall, 1000)
    const seq = await lastSeq(s)
    t.equal(seq >= 4000, true, `the live queue kept working during the outage (${seq} events)`)
    t.same(
      await counts(db, s.hall),
      { events: 0, tickets: 0, completed: 0 },
      'nothing archived while the database is away',
    )
    t.ok(archiver.status().failingHalls.includes(s.hall), 'the archiver knows it is failing')
    t.equal(await s.redis.xlen(s.stream), seq, 'nothing trimmed while nothing is archived')

    const restoredAt = Date.now()
    await outage.up()
    const deadline = Date.now() + 60_000
    while ((await counts(db, s.hall)).events < seq && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100))
    t.comment(`caught up ${seq} events ${Date.now() - restoredAt} ms after the database came back`)
    t.same(await counts(db, s.hall), { events: seq, tickets: 1000, completed: 1000 }, 'every ticket and event, once')
    await archiver.stop()
    t.equal(((await s.redis.xpending(s.stream, 'archiver')) as [number])[0], 0, 'nothing left pending')
    t.equal(await s.redis.xlen(s.stream), 0, 'the stream is trimmed once archived')
    t.same(archiver.status().failingHalls, [])
  }),
)

t.test("createArchiver: stream source for Redis, business dates in the store's hall timezone", (t) =>
  eachBackend(t, async (t, { db }) => {
    const shared = await redisForTests(t)
    if (!shared) return
    const redis = shared.duplicate()
    const hall = `arch-${randomBytes(5).toString('hex')}`
    const store = new RedisQueueStore(redis)
    t.teardown(async () => {
      await purgeHall(redis, hall)
      await store.close()
    })
    const spec = { ...SPEC, timezone: 'America/New_York' }
    await store.configureHall(hall, hallDocument(hall, spec), buildHallRuntime(hall, spec), { now: DAY1 })
    // DAY1 is 09:00 on the 23rd in Shanghai but 20:00 on the 22nd in New York.
    await store.issue(hall, { service: 'svc-a', date: '2026-11-22', ticketId: `tk-${hall}`, now: DAY1 })
    const streamRedis = redis.duplicate()
    const archiver = createArchiver({ db, store, redis: streamRedis, stream: { consumer: 'wired' } })
    t.teardown(async () => {
      await archiver.stop()
      await streamRedis.quit()
    })
    await drain(archiver)
    t.match(await db.selectFrom('tickets').selectAll().where('hall_id', '=', hall).execute(), [
      { id: `tk-${hall}`, business_date: '2026-11-22', outcome: null },
    ])
    t.equal(((await redis.xpending(hallKeys(hall).ev, 'archiver')) as [number])[0], 0)
  }),
)
