// Where a request's time goes inside the core, without the network: the real app (buildApp with
// the production wiring: Redis stores, cached tokens, request logging to /dev/null) driven with
// Fastify's inject(), CPU time per request of this process and of Redis, for each route and for
// variants that switch one cost off. inject() leaves out HTTP parsing and socket writes, which the
// live benchmark's baselines pay as well. Median of BENCH_RUNS rounds (default 3).
// Usage: npx tsx bench/perf/app-cost.ts   (npm run bench:app-cost)
import Fastify, { type FastifyInstance } from 'fastify'
import { Redis } from 'ioredis'
import pino from 'pino'
import { buildApp } from '../../src/app.ts'
import { CachedTokenStore } from '../../src/auth/cached-token-store.ts'
import { RedisTokenStore } from '../../src/auth/redis-token-store.ts'
import { requestSerializer } from '../../src/realtime/log-redaction.ts'
import { RedisQueueStore } from '../../src/store/redis/redis-store.ts'
import { ADMIN_TOKEN, cleanupAll, onCleanup, redisEnv } from './lib/bench-env.ts'
import { SERVICES, type BenchHall } from './lib/halls.ts'
import { describeMachine, machineLine, redisCpu } from './lib/machine.ts'
import { table, writeResultsSection } from './lib/results.ts'
import { median } from './lib/stats.ts'

const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const N = Number(process.env.BENCH_N ?? 3000)
const CONCURRENCY = 10

type Inject = (i: number) => { method: 'GET' | 'POST'; url: string; headers?: Record<string, string>; payload?: string }

async function coreApp(url: string, level: string): Promise<FastifyInstance> {
  const store = new RedisQueueStore(new Redis(url))
  const tokenConn = new Redis(url)
  const app = await buildApp({
    store,
    tokens: new CachedTokenStore(new RedisTokenStore(tokenConn)),
    adminToken: ADMIN_TOKEN,
    logger: {
      level,
      serializers: { req: requestSerializer },
      stream: pino.destination({ dest: '/dev/null', sync: true }),
    },
  })
  await app.ready()
  onCleanup(async () => {
    await app.close()
    await store.close()
    await tokenConn.quit()
  })
  return app
}

async function bareApp(): Promise<FastifyInstance> {
  const app = Fastify({ logger: false })
  app.post('/bare', async (request) => ({ ok: true, service: (request.body as { service?: string }).service }))
  await app.ready()
  return app
}

const env = await redisEnv()
try {
  const machine = await describeMachine(env.admin)
  const info = await coreApp(env.url, 'info')
  const quiet = await coreApp(env.url, 'warn')
  const bare = await bareApp()
  const hours = await env.fixture.hall('cost')
  const noHours = await env.fixture.hall('cost-nh', { windows: 30, hours: false })
  const ids = await env.fixture.fill(hours.hall, 2000)
  let key = 0
  const issue =
    (h: BenchHall): Inject =>
    (i) => ({
      method: 'POST',
      url: `/api/v1/halls/${h.hall}/tickets`,
      headers: {
        authorization: `Bearer ${h.kioskToken}`,
        'content-type': 'application/json',
        'idempotency-key': `k${++key}`,
      },
      payload: `{"service":"${SERVICES[i % SERVICES.length]}"}`,
    })
  const callNext: Inject = (i) => {
    const slot = hours.slots[i % hours.slots.length]!
    return {
      method: 'POST',
      url: `/api/v1/halls/${hours.hall}/windows/${slot.window}/call-next`,
      headers: { authorization: `Bearer ${slot.token}`, 'content-type': 'application/json' },
      payload: '{}',
    }
  }
  const read: Inject = (i) => ({ method: 'GET', url: `/api/v1/halls/${hours.hall}/tickets/${ids[i % ids.length]}` })
  const variants: [string, FastifyInstance, Inject][] = [
    [
      'bare Fastify POST (no I/O)',
      bare,
      () => ({
        method: 'POST',
        url: '/bare',
        headers: { 'content-type': 'application/json' },
        payload: '{"service":"s1"}',
      }),
    ],
    ['issue, hall with hours, log info', info, issue(hours)],
    ['issue, hall with hours, log warn', quiet, issue(hours)],
    ['issue, hall without hours, log info', info, issue(noHours)],
    ['call-next, log info', info, callNext],
    ['call-next, log warn', quiet, callNext],
    ['ticket read, log info', info, read],
  ]
  const only = process.env.BENCH_ONLY // a substring of the variant names; no RESULTS.md then
  if (only) variants.splice(0, variants.length, ...variants.filter(([name]) => name.includes(only)))
  const samples = new Map<string, { node: number[]; redis: number[] }>()
  for (let run = 1; run <= RUNS; run++) {
    await env.fixture.fill(hours.hall, N * 2) // call-next always finds tickets
    for (const [name, app, make] of variants) {
      await drive(app, make, 300) // warm-up
      const r0 = await redisCpu(env.admin)
      const c0 = process.cpuUsage()
      await drive(app, make, N)
      const c = process.cpuUsage(c0)
      const r1 = await redisCpu(env.admin)
      const s = samples.get(name) ?? { node: [], redis: [] }
      s.node.push((c.user + c.system) / N)
      s.redis.push((r1 - r0) / N)
      samples.set(name, s)
      console.log(
        `run ${run} ${name}: node ${((c.user + c.system) / N).toFixed(0)} µs, redis ${((r1 - r0) / N).toFixed(0)} µs`,
      )
    }
  }
  const rows = variants.map(([name]) => {
    const s = samples.get(name)!
    return [name, median(s.node).toFixed(0), median(s.redis).toFixed(0)]
  })
  if (!only)
    await writeResultsSection('Core CPU per request (in process)', [
      machineLine(machine),
      `Command: \`npm run bench:app-cost\` — ${N.toLocaleString('en-US')} requests per route through \`app.inject()\`,`,
      `${CONCURRENCY} at a time, median of ${RUNS} runs. CPU time of the Node process and of Redis per request; no network,`,
      'so HTTP parsing and socket writes (paid alike by the baselines) are left out. Logging goes to /dev/null.',
      '',
      ...table(['route', 'Node CPU µs/req', 'Redis CPU µs/req'], rows),
    ])
  if (!only) console.log('bench/RESULTS.md: "Core CPU per request (in process)" section written')
} finally {
  await cleanupAll()
}

async function drive(app: FastifyInstance, make: Inject, n: number): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < n; i = next++) {
        const res = await app.inject(make(i))
        if (res.statusCode >= 300) throw new Error(`${res.statusCode} ${res.body}`)
      }
    }),
  )
}
