// Throughput of the queue scripts against a plain INCR on the same Redis, in the same run:
// issue (issue.lua) and call-next (call-next.lua, which also completes the window's previous
// ticket), through RedisQueueStore and ioredis (EVALSHA), in two shapes:
//   pipelined — one connection with auto-pipelining and 200 operations in flight;
//   clients   — 50 connections (50 store instances), each one operation at a time.
// Median of 3 runs. Writes the "Lua operations" section of bench/RESULTS.md. Deletes its keys.
// Usage: npm run bench:lua   (env: REDIS_URL, BENCH_N = operations per measurement, default 20000)
import { randomBytes } from 'node:crypto'
import { cpus, loadavg } from 'node:os'
import { Redis } from 'ioredis'
import { purgeHall } from '../src/store/redis/purge.ts'
import { RedisQueueStore } from '../src/store/redis/redis-store.ts'
import { benchHallRuntime, writeSection } from './lua-ops-support.ts'

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const N = Number(process.env.BENCH_N ?? 20_000)
const RUNS = 3
const IN_FLIGHT = 200
const CLIENTS = 50
const DATE = '2025-03-03'

type Op = 'INCR' | 'issue' | 'call-next'
type Shape = 'pipelined' | 'clients'
const OPS: Op[] = ['INCR', 'issue', 'call-next']
const SHAPES: Shape[] = ['pipelined', 'clients']

const admin = new Redis(REDIS_URL)
const created = { halls: new Set<string>(), keys: new Set<string>() }
const openStores: RedisQueueStore[] = []

async function cleanup(): Promise<void> {
  await Promise.all(openStores.splice(0).map((s) => s.close()))
  for (const hall of created.halls) await purgeHall(admin, hall)
  if (created.keys.size > 0) await admin.del(...created.keys)
  created.halls.clear()
  created.keys.clear()
}

/** Runs `total` operations with `workers` closed loops; returns operations per second. */
async function throughput(
  total: number,
  workers: number,
  op: (i: number, worker: number) => Promise<unknown>,
): Promise<number> {
  let next = 0
  const started = process.hrtime.bigint()
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = next++; i < total; i = next++) await op(i, w)
    }),
  )
  return total / (Number(process.hrtime.bigint() - started) / 1e9)
}

/** Redis-side time of the given commands so far (INFO commandstats covers the whole server). */
async function serverTime(commands: string[]): Promise<{ usec: number; calls: number }> {
  const stats = await admin.info('commandstats')
  let usec = 0
  let calls = 0
  for (const c of commands) {
    const m = new RegExp(`cmdstat_${c}:calls=(\\d+),usec=(\\d+)`).exec(stats)
    if (m) {
      calls += Number(m[1])
      usec += Number(m[2])
    }
  }
  return { usec, calls }
}

/** Throughput and the Redis time per call of the commands `op` sends. */
async function measured(commands: string[], run: () => Promise<number>): Promise<Sample> {
  const before = await serverTime(commands)
  const ops = await run()
  const after = await serverTime(commands)
  return { ops, us: (after.usec - before.usec) / Math.max(1, after.calls - before.calls) }
}

interface Sample {
  ops: number // per second, seen by the client
  us: number // Redis time per call, microseconds
}
// Scripts go as EVALSHA, and as EVAL the first time on each connection.
const SCRIPT_COMMANDS = ['evalsha', 'eval']

/** One run of one shape: INCR, then N issues, then N call-nexts on a fresh hall. */
async function runShape(shape: Shape): Promise<Record<Op, Sample>> {
  const hall = `bench-${randomBytes(4).toString('hex')}`
  const incrKey = `qms:bench:{${hall}}:incr`
  created.halls.add(hall)
  created.keys.add(incrKey)
  const connections = shape === 'pipelined' ? 1 : CLIENTS
  const stores = Array.from({ length: connections }, () => {
    const store = new RedisQueueStore(new Redis(REDIS_URL, { enableAutoPipelining: shape === 'pipelined' }))
    openStores.push(store)
    return store
  })
  const raw = Array.from(
    { length: connections },
    () => new Redis(REDIS_URL, { enableAutoPipelining: shape === 'pipelined' }),
  )
  const workers = shape === 'pipelined' ? IN_FLIGHT : CLIENTS
  const pick = <T>(list: T[], w: number): T => list[w % list.length]!

  const runtime = benchHallRuntime(hall, CLIENTS)
  await stores[0]!.configureHall(hall, { bench: true }, runtime, { now: Date.now() })
  for (const w of runtime.windowOrder) await stores[0]!.setWindowStatus(hall, w, 'open', { now: Date.now() })
  await Promise.all(stores.map((s) => s.getTicket(hall, 'warm-up'))) // load each instance's runtime cache
  await Promise.all(raw.map((r) => r.ping()))

  const incr = await measured(['incr'], () => throughput(N, workers, (_i, w) => pick(raw, w).incr(incrKey)))
  const issue = await measured(SCRIPT_COMMANDS, () =>
    throughput(N, workers, (_i, w) =>
      pick(stores, w).issue(hall, {
        service: 'A',
        date: DATE,
        ticketId: randomBytes(16).toString('base64url'),
        now: Date.now(),
      }),
    ),
  )
  const call = await measured(SCRIPT_COMMANDS, () =>
    throughput(N, workers, (_i, w) =>
      pick(stores, w).callNext(hall, runtime.windowOrder[w % CLIENTS]!, { now: Date.now() }),
    ),
  )
  await Promise.all(raw.map((r) => r.quit()))
  await cleanup()
  return { INCR: incr, issue, 'call-next': call }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function main(): Promise<void> {
  const load = loadavg()[0]!.toFixed(1) // other work on the machine skews the numbers: say so
  const info = await admin.info('server')
  const redisVersion = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown'
  const samples: Record<Shape, Record<Op, Sample[]>> = {
    pipelined: { INCR: [], issue: [], 'call-next': [] },
    clients: { INCR: [], issue: [], 'call-next': [] },
  }
  for (let run = 1; run <= RUNS; run++) {
    for (const shape of SHAPES) {
      const r = await runShape(shape)
      for (const op of OPS) samples[shape][op].push(r[op])
      const line = OPS.map((op) => `${op} ${Math.round(r[op].ops)}/s (${r[op].us.toFixed(1)} µs)`).join(', ')
      console.log(`run ${run} ${shape}: ${line}`)
    }
  }
  const result = Object.fromEntries(
    SHAPES.map((s) => [s, Object.fromEntries(OPS.map((op) => [op, median(samples[s][op].map((x) => x.ops))]))]),
  ) as Record<Shape, Record<Op, number>>
  const serverUs = Object.fromEntries(
    OPS.map((op) => [op, median(SHAPES.flatMap((s) => samples[s][op].map((x) => x.us)))]),
  ) as Record<Op, number>
  const cpu = cpus()
  await writeSection({
    date: new Date().toISOString().slice(0, 10),
    machine: `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, Redis ${redisVersion} at ${new URL(REDIS_URL).host}; load average ${load} at start`,
    n: N,
    runs: RUNS,
    inFlight: IN_FLIGHT,
    clients: CLIENTS,
    result,
    serverUs,
  })
  console.log('bench/RESULTS.md: "Lua operations" section written')
}

process.once('SIGINT', () => {
  cleanup().finally(() => process.exit(130))
})

try {
  await main()
} finally {
  await cleanup()
  await admin.quit()
}
