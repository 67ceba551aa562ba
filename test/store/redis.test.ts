// The contract suite against the Redis store, on the real Redis (required under CI). The server
// is shared with other tests: every hall id is random and its keys are deleted afterwards.
import t from 'tap'
import { Redis } from 'ioredis'
import type { QueueEvent } from '../../src/domain/types.ts'
import { HALLS_KEY, hallKeys } from '../../src/store/redis/keys.ts'
import { RedisQueueStore } from '../../src/store/redis/redis-store.ts'
import { buildHallRuntime, hallDocument } from '../helpers/hall-runtime.ts'
import { REDIS_URL, redisForTests } from '../helpers/services.ts'
import { runContractSuite } from './contract.ts'
import { BASIC, DATE, T0, newHallId, newTicketId } from './contract/harness.ts'

const admin = await redisForTests(t)

/** Deletes every key of the halls a test created (never anything else on the shared server). */
async function dropHalls(redis: Redis, halls: Iterable<string>): Promise<void> {
  for (const hall of halls) {
    const pattern = `${hallKeys(hall).hall.slice(0, -'hall'.length)}*`
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500)
      if (keys.length > 0) await redis.del(...keys)
      cursor = next
    } while (cursor !== '0')
    await redis.srem(HALLS_KEY, hall)
  }
}

/** A RedisQueueStore on its own connection that remembers the halls configured through it. */
function trackedStore(halls: Set<string>): RedisQueueStore {
  const store = new RedisQueueStore(new Redis(REDIS_URL))
  const configure = store.configureHall.bind(store)
  store.configureHall = (hall, ...rest) => {
    halls.add(hall)
    return configure(hall, ...rest)
  }
  return store
}

if (!admin) {
  t.test('Redis contract suite', { skip: `Redis not reachable at ${REDIS_URL}` }, () => {})
} else {
  runContractSuite(t, async () => {
    const halls = new Set<string>()
    const store = trackedStore(halls)
    return {
      store,
      cleanup: async () => {
        await store.close()
        await dropHalls(admin, halls)
      },
    }
  })

  t.test('two store instances on one hall: shared numbering and live events across instances', async (t) => {
    const halls = new Set<string>()
    const one = trackedStore(halls)
    const two = trackedStore(halls)
    t.teardown(async () => {
      await one.close()
      await two.close()
      await dropHalls(admin, halls)
    })
    const hall = newHallId()
    await one.configureHall(hall, hallDocument(hall, BASIC), buildHallRuntime(hall, BASIC), { now: T0 })
    const got: QueueEvent[] = []
    const unsubscribe = await one.subscribe(hall, (e) => got.push(e))
    t.teardown(unsubscribe)
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        (i % 2 ? one : two).issue(hall, { service: 'A', date: DATE, ticketId: newTicketId(), now: T0 + i }),
      ),
    )
    const numbers = results.map((r) => r.ticket.number).sort()
    t.same(
      numbers,
      Array.from({ length: 200 }, (_, i) => `A${String(i + 1).padStart(3, '0')}`),
    )
    const until = Date.now() + 5000
    while (got.length < 200 && Date.now() < until) await new Promise((r) => setTimeout(r, 10))
    t.same(got, await two.eventsSince(hall, 1, 1000), 'instance one hears every event, in seq order')
  })

  t.test('subscribing to many halls while the subscriber connects (redis/ioredis#2037)', async (t) => {
    // ioredis 5.8+ could send its ready check after a queued SUBSCRIBE; Redis refused it and the
    // subscriber reconnected in a loop, delivering nothing. A fresh store, many halls at once,
    // several times: every subscription must go live and hear its hall.
    const halls = new Set<string>()
    for (let round = 0; round < 20; round++) {
      const store = trackedStore(halls)
      const errors: unknown[] = []
      const hallIds = Array.from({ length: 20 }, () => newHallId())
      const got = new Map<string, number>()
      const unsubscribes = await Promise.all(
        hallIds.map((h) =>
          store.subscribe(h, () => got.set(h, (got.get(h) ?? 0) + 1)).catch((err) => errors.push(err)),
        ),
      )
      const hall = hallIds[round]!
      await store.configureHall(hall, hallDocument(hall, BASIC), buildHallRuntime(hall, BASIC), { now: T0 })
      await store.issue(hall, { service: 'A', date: DATE, ticketId: newTicketId(), now: T0 + 1 })
      const until = Date.now() + 3000
      while ((got.get(hall) ?? 0) < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 10))
      t.same(errors, [], `round ${round}: every subscription went live`)
      t.equal(got.get(hall), 2, `round ${round}: the hall's two events arrived`)
      for (const u of unsubscribes) if (typeof u === 'function') await u()
      await store.close()
    }
    await dropHalls(admin, halls)
  })

  t.test('a reconfiguration through one instance is seen by another at once', async (t) => {
    const halls = new Set<string>()
    const one = trackedStore(halls)
    const two = trackedStore(halls)
    t.teardown(async () => {
      await one.close()
      await two.close()
      await dropHalls(admin, halls)
    })
    const hall = newHallId()
    await one.configureHall(hall, hallDocument(hall, BASIC), buildHallRuntime(hall, BASIC), { now: T0 })
    await two.issue(hall, { service: 'A', date: DATE, ticketId: newTicketId(), now: T0 + 1 }) // two caches v1
    const grown = {
      ...BASIC,
      services: [...BASIC.services, { id: 'C' }],
      windows: [...BASIC.windows, { id: 'W3', services: ['C'] }],
    }
    await one.configureHall(hall, hallDocument(hall, grown), buildHallRuntime(hall, grown), { now: T0 + 2 })
    const c = await two.issue(hall, { service: 'C', date: DATE, ticketId: newTicketId(), now: T0 + 3 })
    t.equal(c.ticket.number, 'C001')
    await two.setWindowStatus(hall, 'W3', 'open', { now: T0 + 4 })
    t.match((await two.callNext(hall, 'W3', { now: T0 + 5 })).ticket, { id: c.ticket.id })
    t.equal((await two.getHall(hall))?.version, 2)
  })
}
