// Crash: kill -9 one of two core instances (child processes on the same Redis) in the middle of
// issuing and calling. Kiosks retry with their Idempotency-Key on the other instance; clerks
// retry their press there. Afterwards every acknowledged ticket exists once with a unique number,
// no ticket was called twice, and replaying every key returns the original ticket.
import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'
import t from 'tap'
import { RedisQueueStore } from '../../src/store/redis/redis-store.ts'
import { auditRun } from './helpers/audit.ts'
import { coreProcess } from './helpers/core-process.ts'
import { newHallId } from './helpers/hall.ts'
import { call } from './helpers/http.ts'
import { runLoad } from './helpers/load.ts'
import { privateRedis } from './helpers/redis-process.ts'
import { setupHall } from './helpers/setup.ts'
import { record } from './helpers/figures.ts'

// Processes start and stop here: more than tap's default 2 minutes on a busy machine, and
// RELIABILITY_LONG=1 runs for minutes.
t.setTimeout(process.env.RELIABILITY_LONG === '1' ? 15 * 60_000 : 5 * 60_000)

const ADMIN = 'reliability-admin-token-crash'
const LONG = process.env.RELIABILITY_LONG === '1'

t.test('kill -9 of a core instance under load loses and doubles nothing', async (t) => {
  const redis = await privateRedis(t)
  if (!redis) return
  const env = { REDIS_URL: redis.url, ADMIN_TOKEN: ADMIN, IDENTITY_KEY: 'a'.repeat(64) }
  const a = await coreProcess(t, env)
  const b = await coreProcess(t, env)
  await Promise.all([a.start(), b.start()])
  const hall = newHallId('crash')
  const tokens = await setupHall(a.url, hall, ADMIN)

  const stop = new AbortController()
  const running = runLoad({
    bases: () => [a.url, b.url],
    hall,
    kioskToken: tokens.kiosk,
    clerkToken: tokens.clerk,
    issuers: 4,
    issueGapMs: 30,
    callGapMs: 40,
    stop: stop.signal,
  })
  const rounds = LONG ? 10 : 2
  for (let i = 0; i < rounds; i++) {
    await sleep(1500)
    const victim = i % 2 === 0 ? a : b
    await victim.kill9()
    await sleep(700) // clients fail over while it is down
    await victim.start()
  }
  await sleep(1000)
  stop.abort()
  const load = await running
  t.same(load.unexpected, [], 'no unexpected answers')
  t.ok(load.retries > 0, `clients had to retry (${load.retries} retries)`)

  const store = new RedisQueueStore(new Redis(redis.url))
  t.teardown(() => store.close())
  const events = await store.eventsSince(hall, 0, 1_000_000)
  const figures = await auditRun(t, load, events, async (id) => (await store.getTicket(hall, id))?.number ?? null)

  // Every kiosk replays its keys on the instance that was killed last: the original ticket, 200.
  let replayed = 0
  for (const rec of load.issued) {
    const r = await call(a.url, 'POST', `/api/v1/halls/${hall}/tickets`, {
      token: tokens.kiosk,
      headers: { 'idempotency-key': rec.key },
      body: { service: rec.number[0] }, // the prefix is the service id in this hall
    })
    if (r.status === 200 && r.body.id === rec.id) replayed++
  }
  t.equal(replayed, load.issued.length, 'a retried key returns the original ticket')
  t.ok(load.issued.length > 100, `${load.issued.length} tickets issued, ${load.called.length} called`)
  await record('crash-core', { kills: rounds, called: load.called.length, retries: load.retries, ...figures })
  await Promise.all([a.stop(), b.stop()])
})
