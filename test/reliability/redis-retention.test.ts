// Redis retention over days: the live ticket hash `qms:{h}:tk` must not keep every ticket ever
// issued. The rule: once archived, a finished ticket (done, no-show, cancelled) that finished
// more than 12 hours before the hall's latest event leaves the live store (its history is in
// Postgres); tickets still open stay, whatever their day. The event stream is trimmed by the
// archiver already (docs/postgres.md).
import { randomBytes } from 'node:crypto'
import t from 'tap'
import { Archiver } from '../../src/archive/archiver.ts'
import { RedisStreamSource } from '../../src/archive/redis-source.ts'
import { createDb } from '../../src/db/connect.ts'
import { migrateToLatest } from '../../src/db/migrate.ts'
import { hallKeys } from '../../src/store/redis/keys.ts'
import { purgeHall } from '../../src/store/redis/purge.ts'
import { RedisQueueStore } from '../../src/store/redis/redis-store.ts'
import { configureHall, DAY1, DAY_MS, issue, issueAndServe } from '../db/fixtures/hall-events.ts'
import { freshPostgresUrlForTests, redisForTests } from '../helpers/services.ts'

t.test('finished tickets of past days leave the live ticket hash once archived', async (t) => {
  const shared = await redisForTests(t)
  const pgUrl = await freshPostgresUrlForTests(t)
  if (!shared || !pgUrl) return
  const redis = shared.duplicate()
  const hall = `ret-${randomBytes(5).toString('hex')}`
  const store = await configureHall(new RedisQueueStore(redis), hall)
  t.teardown(async () => {
    await purgeHall(redis, hall)
    await store.close()
  })
  const db = await createDb({ url: pgUrl })
  t.teardown(() => db.destroy())
  await migrateToLatest(db)
  const archiver = new Archiver({
    db,
    source: new RedisStreamSource(redis, { listHalls: async () => [hall], trimEveryMs: 0 }),
  })
  const drain = async () => {
    while ((await archiver.runOnce()) > 0);
  }
  const tk = hallKeys(hall).tk

  // Each of five days: 40 tickets served; on day 1 one more is called and put on hold (still open).
  await issueAndServe(store, hall, 40, DAY1)
  const evening = DAY1 + 8 * 3600_000
  const heldId = await issue(store, hall, evening)
  t.equal((await store.callNext(hall, 'w2', { now: evening + 1000 })).ticket?.id, heldId)
  await store.hold(hall, heldId, { now: evening + 2000 })
  await drain()
  const sizes: number[] = [await redis.hlen(tk)]
  for (let day = 1; day < 5; day++) {
    await issueAndServe(store, hall, 40, DAY1 + day * DAY_MS)
    await drain()
    sizes.push(await redis.hlen(tk))
  }
  t.ok(sizes.at(-1)! <= 40 + 40 + 1, `the live hash stays about a day's tickets (sizes by day: ${sizes.join(', ')})`)
  const archived = await db
    .selectFrom('tickets')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('hall_id', '=', hall)
    .executeTakeFirstOrThrow()
  t.equal(Number(archived.n), 5 * 40 + 1, 'the archive keeps every ticket')
  t.equal((await store.getTicket(hall, heldId))?.status, 'held', 'an open ticket of day 1 stays live')
  await store.resume(hall, heldId, { now: DAY1 + 5 * DAY_MS })
  t.equal((await store.getTicket(hall, heldId))?.status, 'called', 'and can still be served')
})
