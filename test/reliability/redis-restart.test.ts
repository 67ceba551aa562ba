// Redis restart: a private redis-server with the append-only file (appendfsync everysec, the
// documented default, and always, the strict option) is killed with SIGKILL under load and started
// again on the same folder. The core is not touched: /ready says 503 while Redis is away and 200
// once it has reconnected by itself; the live state (windows, current tickets, queues) is back;
// every ticket acknowledged before or during the outage is there, once.
import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'
import t from 'tap'
import { RedisQueueStore } from '../../src/store/redis/redis-store.ts'
import { auditRun } from './helpers/audit.ts'
import { coreProcess } from './helpers/core-process.ts'
import { record } from './helpers/figures.ts'
import { newHallId } from './helpers/hall.ts'
import { call } from './helpers/http.ts'
import { runLoad } from './helpers/load.ts'
import { privateRedis, type Fsync } from './helpers/redis-process.ts'
import { setupHall } from './helpers/setup.ts'

// Processes start and stop here: more than tap's default 2 minutes on a busy machine, and
// RELIABILITY_LONG=1 runs for minutes.
t.setTimeout(process.env.RELIABILITY_LONG === '1' ? 15 * 60_000 : 5 * 60_000)

const ADMIN = 'reliability-admin-token-redis'

async function waitReady(url: string, want: number, withinMs: number): Promise<number> {
  const start = Date.now()
  while (Date.now() - start < withinMs) {
    const status = await call(url, 'GET', '/ready', { timeoutMs: 3000 }).then(
      (a) => a.status,
      () => 0,
    )
    if (status === want) return Date.now() - start
    await sleep(100)
  }
  throw new Error(`/ready did not answer ${want} within ${withinMs} ms`)
}

for (const fsync of ['everysec', 'always'] as Fsync[]) {
  t.test(`Redis killed and restarted (appendfsync ${fsync})`, async (t) => {
    const redis = await privateRedis(t, fsync)
    if (!redis) return
    const core = await coreProcess(t, { REDIS_URL: redis.url, ADMIN_TOKEN: ADMIN, IDENTITY_KEY: 'c'.repeat(64) })
    await core.start()
    const hall = newHallId(`aof-${fsync}`)
    const tokens = await setupHall(core.url, hall, ADMIN)
    t.equal((await call(core.url, 'GET', '/ready')).status, 200, 'ready before')

    const stop = new AbortController()
    const running = runLoad({
      bases: () => [core.url],
      hall,
      kioskToken: tokens.kiosk,
      clerkToken: tokens.clerk,
      issuers: 3,
      issueGapMs: 20,
      callGapMs: 50,
      stop: stop.signal,
    })
    await sleep(1500)
    const probe = new RedisQueueStore(new Redis(redis.url, { lazyConnect: true }))
    const before = await probe.snapshot(hall, { now: Date.now() })
    probe.close().catch(() => {})
    await redis.crash()
    const notReadyAfterMs = await waitReady(core.url, 503, 10_000)
    const askedAt = Date.now()
    const refused = await call(core.url, 'POST', `/api/v1/halls/${hall}/tickets`, {
      token: tokens.kiosk,
      body: { service: 'A' },
      timeoutMs: 15_000,
    }).catch((err: unknown) => ({ status: 0, body: String(err) }))
    const refusedAfterMs = Date.now() - askedAt
    // The documented answer for an unreachable store: 503 QMS_ERR_UNAVAILABLE (retry), never a 500.
    t.equal(refused.status, 503, `an issue while Redis is down: ${refused.status} ${refused.body?.code}`)
    t.equal(refused.body?.code, 'QMS_ERR_UNAVAILABLE')
    await sleep(1000)
    await redis.start()
    const readyAfterMs = await waitReady(core.url, 200, 30_000)
    await sleep(1500) // load goes on after the restart
    stop.abort()
    const load = await running
    t.same(load.unexpected, [], 'no unexpected answers')

    const store = new RedisQueueStore(new Redis(redis.url))
    t.teardown(() => store.close())
    const after = await store.snapshot(hall, { now: Date.now() })
    t.ok(after.seq >= before.seq, `events kept (seq ${before.seq} before the crash, ${after.seq} at the end)`)
    t.same(
      after.windows.map((w) => w.status),
      before.windows.map((w) => w.status),
      'windows as they were (open)',
    )
    const events = await store.eventsSince(hall, 0, 1_000_000)
    t.same(
      events.map((e) => e.seq),
      Array.from({ length: events.length }, (_, i) => i + 1),
      'the event stream has no gap',
    )
    const figures = await auditRun(t, load, events, async (id) => (await store.getTicket(hall, id))?.number ?? null)
    t.ok(load.issued.length > 30, `${load.issued.length} tickets issued, ${load.called.length} called`)
    await record(`redis-restart-${fsync}`, {
      outageMs: 1000 + notReadyAfterMs,
      notReadyAfterMs,
      refusedAfterMs,
      readyAfterRestartMs: readyAfterMs,
      retries: load.retries,
      called: load.called.length,
      ...figures,
    })
    await core.stop()
  })
}
