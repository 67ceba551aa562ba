// The small reads: serviceLoad (the capacity cutoff's) gives the same waiting counts and open
// windows as a snapshot, and hallMeta the same version and seq as getHall and the event log, on
// both stores, as tickets are issued, called and requeued and windows open and close.
import { Redis } from 'ioredis'
import t, { type Test } from 'tap'
import type { QueueStore } from '../../src/store/port.ts'
import { MemoryQueueStore } from '../../src/store/memory/memory-store.ts'
import { purgeHall } from '../../src/store/redis/purge.ts'
import { RedisQueueStore } from '../../src/store/redis/redis-store.ts'
import { buildHallRuntime } from '../helpers/hall-runtime.ts'
import { REDIS_URL, redisForTests } from '../helpers/services.ts'
import { BASIC, DATE, T0, newHallId, newTicketId } from './contract/harness.ts'

async function sameAsSnapshot(t: Test, store: QueueStore, hall: string, now: number, when: string): Promise<void> {
  const snap = (await store.snapshot(hall, { now })).services.map(({ id, waiting, openWindows }) => ({
    id,
    waiting,
    openWindows,
  }))
  t.same(await store.serviceLoad!(hall), snap, when)
  const events = await store.eventsSince(hall, 0, 1000)
  t.same(
    await store.hallMeta!(hall),
    { version: (await store.getHall(hall))!.version, seq: events.at(-1)?.seq ?? 0 },
    `${when}: meta`,
  )
}

async function scenario(t: Test, store: QueueStore, hall: string): Promise<void> {
  let now = T0
  t.equal(await store.hallMeta!(hall), null, 'no meta before configuration')
  const issue = (service: string) =>
    store.issue(hall, { service, date: DATE, ticketId: newTicketId(), now: (now += 1000) })
  await store.configureHall(hall, {}, buildHallRuntime(hall, BASIC), { now })
  await sameAsSnapshot(t, store, hall, now, 'empty, every window closed')
  await store.setWindowStatus(hall, 'W1', 'open', { now: (now += 1000) })
  for (const s of ['A', 'A', 'B', 'A']) await issue(s)
  await sameAsSnapshot(t, store, hall, now, 'after issuing')
  await store.setWindowStatus(hall, 'W2', 'open', { now: (now += 1000) })
  const called = await store.callNext(hall, 'W2', { now: (now += 1000) })
  await store.noShow(hall, called.ticket!.id, { now: (now += 1000) })
  await sameAsSnapshot(t, store, hall, now, 'after a call and a no-show')
  await store.requeue(hall, called.ticket!.id, { now: (now += 1000) })
  await store.setWindowStatus(hall, 'W1', 'closed', { now: (now += 1000) })
  await sameAsSnapshot(t, store, hall, now, 'after a requeue and a closed window')
}

t.test('memory store', async (t) => {
  const store = new MemoryQueueStore()
  await scenario(t, store, newHallId())
  await store.close()
})

const admin = await redisForTests(t)
t.test('Redis store', { skip: admin ? false : `Redis not reachable at ${REDIS_URL}` }, async (t) => {
  const store = new RedisQueueStore(new Redis(REDIS_URL))
  const hall = newHallId()
  t.teardown(async () => {
    await store.close()
    await purgeHall(admin!, hall)
  })
  await scenario(t, store, hall)
})
