// Two core instances (two buildApp + listen), each with its own RedisQueueStore on the same Redis:
// a live client on one instance receives, in order and without gaps, the events of calls made on
// the other, with no process memory shared between them beyond what this test file holds.
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { Redis } from 'ioredis'
import t from 'tap'
import { buildApp } from '../../src/app.ts'
import { hashSecret } from '../../src/auth/authenticate.ts'
import { RedisTokenStore } from '../../src/auth/redis-token-store.ts'
import type { QueueEvent } from '../../src/domain/types.ts'
import { purgeHall } from '../../src/store/redis/purge.ts'
import { RedisQueueStore } from '../../src/store/redis/redis-store.ts'
import { connectLive, eventSeqs } from '../helpers/live-app.ts'
import { redisForTests, REDIS_URL } from '../helpers/services.ts'
import { hallDoc, MONDAY_10AM } from '../http/fixtures/app.ts'

const ADMIN = 'admin-secret-two-instances'

interface Instance {
  app: FastifyInstance
  ws: string
  http: string
}

t.test('live events cross core instances through Redis', async (t) => {
  const redis = await redisForTests(t)
  if (!redis) return // services.ts explained why (and fails under CI)
  const hall = `e2e-${randomUUID().slice(0, 8)}`
  const tokenPrefix = `qms-test-${randomUUID().slice(0, 8)}:`
  let clock = MONDAY_10AM // shared, always moving: tickets are issued at distinct times
  const now = () => ++clock

  const start = async (): Promise<Instance> => {
    // As src/server.ts: the queue store owns its connection (and quits it); tokens get their own.
    const store = new RedisQueueStore(new Redis(REDIS_URL))
    const tokenConn = new Redis(REDIS_URL)
    const tokens = new RedisTokenStore(tokenConn, { prefix: tokenPrefix })
    const app = await buildApp({
      store,
      tokens,
      adminToken: ADMIN,
      now,
      hallCacheMs: 0,
      observability: { defaultMetrics: false },
    })
    app.addHook('onClose', async () => {
      await store.close()
      await tokenConn.quit()
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = app.server.address() as { port: number }
    return { app, ws: `ws://127.0.0.1:${port}`, http: `http://127.0.0.1:${port}` }
  }
  const a = await start()
  const b = await start()
  t.teardown(async () => {
    await a.app.close()
    await b.app.close()
    await purgeHall(redis, hall)
    const keys = await redis.keys(`${tokenPrefix}*`)
    if (keys.length > 0) await redis.unlink(...keys)
  })

  const call = async (inst: Instance, method: string, path: string, body?: unknown, token = ADMIN) => {
    const res = await fetch(`${inst.http}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
    return { status: res.status, body: res.status === 204 ? null : await res.json() }
  }

  t.equal((await call(a, 'PUT', `/halls/${hall}`, hallDoc())).status, 201)
  for (const w of ['W1', 'W2']) {
    const r = await call(a, 'POST', `/halls/${hall}/windows/${w}/open`)
    t.equal(r.status, 200, JSON.stringify(r.body))
  }

  // A display token minted once, in the token store both instances share.
  const display = `disp-${randomUUID()}`
  await new RedisTokenStore(redis, { prefix: tokenPrefix }).put({
    id: `tok-${randomUUID().slice(0, 8)}`,
    hash: hashSecret(display),
    role: 'display',
    halls: [hall],
    createdAt: clock,
    expiresAt: null,
    revokedAt: null,
  })

  const onB = connectLive(b.ws, hall, { token: display })
  const onA = connectLive(a.ws, hall, { token: display })
  const [snapB] = await onB.waitCount(1)
  const [snapA] = await onA.waitCount(1)
  t.equal(snapB!.type, 'snapshot')
  t.equal(snapA!.type, 'snapshot')

  // Calls on A only, then on both at once (their publishes may reach a subscriber out of order).
  for (let i = 0; i < 6; i++)
    t.equal((await call(a, 'POST', `/halls/${hall}/tickets`, { service: i % 2 ? 'B' : 'A' })).status, 201)
  t.equal((await call(a, 'POST', `/halls/${hall}/windows/W1/call-next`)).status, 200)
  t.equal((await call(a, 'POST', `/halls/${hall}/windows/W2/call-next`)).status, 200)
  const burst = []
  for (let i = 0; i < 20; i++) burst.push(call(i % 2 ? a : b, 'POST', `/halls/${hall}/tickets`, { service: 'A' }))
  burst.push(
    call(a, 'POST', `/halls/${hall}/windows/W1/call-next`),
    call(b, 'POST', `/halls/${hall}/windows/W2/call-next`),
  )
  for (const r of await Promise.all(burst)) t.ok(r.status === 201 || r.status === 200, `status ${r.status}`)

  const probe = new RedisQueueStore(redis)
  const last = (await probe.snapshot(hall, { now: clock })).seq
  await onB.waitFor((m) => m.seq === last, 10_000)
  await onA.waitFor((m) => m.seq === last, 10_000)
  const expected: QueueEvent[] = await probe.eventsSince(hall, snapB!.seq ?? 0, 1000)
  t.same(
    eventSeqs(onB.messages),
    expected.map((e) => e.seq),
    'B: every event, in order, once',
  )
  t.same(
    onB.messages.slice(1).map((m) => m.type === 'event' && m.event),
    expected,
    'B: the events as stored',
  )
  t.same(
    eventSeqs(onA.messages),
    expected.filter((e) => e.seq > (snapA!.seq ?? 0)).map((e) => e.seq),
    'A sees the same stream',
  )
  const called = expected.filter((e) => e.type === 'ticket.called').map((e) => e.number)
  t.equal(called.length, 4)

  // Reconnect to the other instance with `since`: only what was missed is replayed.
  onB.ws.close()
  await onB.closed
  t.equal((await call(a, 'POST', `/halls/${hall}/windows/W1/call-next`)).status, 200)
  const again = connectLive(a.ws, hall, { token: display, since: String(last) })
  const [resumed] = await again.waitCount(1)
  t.same(resumed, { type: 'resumed', seq: last })
  await again.waitFor((m) => m.type === 'event' && m.event.type === 'ticket.called')
  t.equal(eventSeqs(again.messages)[0], last + 1)
  t.same(
    eventSeqs(again.messages),
    Array.from({ length: again.messages.length - 1 }, (_, i) => last + 1 + i),
  )

  onA.ws.close()
  again.ws.close()
  await Promise.all([onA.closed, again.closed])
})
