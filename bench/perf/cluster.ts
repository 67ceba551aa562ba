// Redis Cluster: the store contract suite on a local 3-master cluster (RedisQueueStore on an
// ioredis Cluster), then the live path with 1 and 3 masters and 1 and 2 core instances, and the
// store alone (pipelined issues, no HTTP) to show what the masters add. Clusters are started from
// the installed redis-server on free ports and torn down at the end. Median of BENCH_RUNS runs.
// Usage: npx tsx bench/perf/cluster.ts   (npm run bench:cluster)
//   BENCH_DURATION=5  BENCH_CONNECTIONS=20 (split over the cores)  BENCH_HALLS=40
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Cluster, type Redis } from 'ioredis'
import { newTicketId } from '../../src/core/ids.ts'
import { businessDate } from '../../src/domain/calendar.ts'
import { RedisQueueStore } from '../../src/store/redis/redis-store.ts'
import { cleanupAll, onCleanup, startBaseline, startCore, type ServerReady } from './lib/bench-env.ts'
import { Fixture, SERVICES, type BenchHall } from './lib/halls.ts'
import { figures, type LiveRun, type Measured } from './lib/live-report.ts'
import { liveRound, settle } from './lib/live-run.ts'
import { LoadState } from './lib/load.ts'
import { describeMachine, machineLine, redisCpu } from './lib/machine.ts'
import { mqttTarget } from './lib/mqtt-target.ts'
import type { Child } from './lib/procs.ts'
import { startCluster, type RedisCluster } from './lib/redis-server.ts'
import { table, writeResultsSection } from './lib/results.ts'
import { int, median, ms } from './lib/stats.ts'

const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const DURATION = Number(process.env.BENCH_DURATION ?? 5)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20)
const HALLS = Number(process.env.BENCH_HALLS ?? 40)
const STORE_OPS = Number(process.env.BENCH_STORE_OPS ?? 30_000)
const WORKLOADS: Measured[] = ['evalsha', 'issue', 'call-next', 'mix']
const SHAPES: [masters: number, cores: number][] = [
  [1, 1],
  [3, 1],
  [1, 2],
  [3, 2],
]

async function cluster(
  masters: number,
): Promise<{ c: RedisCluster; admin: Cluster; nodes: Redis[]; stop(): Promise<void> }> {
  const c = await startCluster(masters)
  const admin = new Cluster(c.seeds)
  let stopped = false
  // Connections first, then the servers: a Cluster client left open would retry forever.
  const stop = async (): Promise<void> => {
    if (stopped) return
    stopped = true
    await admin.quit().catch(() => undefined)
    await c.stop()
  }
  onCleanup(stop)
  await admin.ping()
  return { c, admin, nodes: admin.nodes('master'), stop }
}

/** The contract suite as a tap run in its own process; its summary line and exit code. */
function contractSuite(seeds: string): Promise<{ ok: boolean; summary: string }> {
  return new Promise((resolve) => {
    const file = fileURLToPath(new URL('./cluster-contract.ts', import.meta.url))
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      env: { ...process.env, BENCH_CLUSTER: seeds },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.on('exit', (code) => {
      const pass = (out.match(/^\s*ok \d+/gm) ?? []).length
      const fail = (out.match(/^\s*not ok \d+/gm) ?? []).length
      resolve({
        ok: code === 0 && fail === 0,
        summary: `${pass} assertions and subtests passed, ${fail} failed (exit ${code})`,
      })
    })
  })
}

/** Issues through the store alone (no HTTP), 256 in flight (ioredis auto-pipelining refuses scripts whose keys are in different slots, so none). */
async function storeIssues(seeds: { host: string; port: number }[], halls: string[]): Promise<number> {
  const store = new RedisQueueStore(new Cluster(seeds))
  const date = businessDate('Asia/Shanghai', Date.now())
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: 256 }, async () => {
      for (let i = next++; i < STORE_OPS; i = next++) {
        const hall = halls[i % halls.length]!
        await store.issue(hall, {
          service: SERVICES[i % SERVICES.length]!,
          date,
          ticketId: newTicketId(),
          now: Date.now(),
        })
      }
    }),
  )
  const rate = STORE_OPS / ((performance.now() - started) / 1000)
  await store.close()
  return rate
}

interface ShapeResult {
  masters: number
  cores: number
  runs: LiveRun[]
  store: number[]
  perMaster: string
}

try {
  // 1. The contract suite on 3 masters.
  const c3 = await cluster(3)
  const machine = await describeMachine(c3.nodes[0]!)
  console.log('contract suite on a 3-master cluster…')
  const contract = await contractSuite(JSON.stringify(c3.c.seeds))
  console.log(`contract suite: ${contract.summary}`)
  await c3.stop()

  // 2. The live path and the store alone per shape.
  const mqtt = await mqttTarget()
  const results: ShapeResult[] = []
  for (const [masters, coreCount] of SHAPES) {
    const { c, admin, nodes, stop } = await cluster(masters)
    const seeds = JSON.stringify(c.seeds)
    const store = new RedisQueueStore(new Cluster(c.seeds))
    const fixture = new Fixture(admin, store)
    const cores: Child<ServerReady>[] = []
    for (let i = 0; i < coreCount; i++) {
      cores.push(await startCore({ BENCH_CLUSTER: seeds, BENCH_MQTT: mqtt === 'embedded' ? 'off' : mqtt }))
    }
    const baseline = await startBaseline({ BENCH_CLUSTER: seeds })
    const halls: BenchHall[] = []
    for (let i = 0; i < HALLS; i++) halls.push(await fixture.hall('cl'))
    const state = new LoadState(halls)
    for (const h of halls) state.addTickets(h.hall, await fixture.fill(h.hall, 200))
    await settle(cores)
    const target = {
      core: cores[0]!,
      cores,
      baseline,
      baselineHall: fixture.track('base-cl'),
      redisNodes: nodes,
      fixture,
    }
    const runs: LiveRun[] = []
    const storeRates: number[] = []
    const cpu0 = await Promise.all(nodes.map((n) => redisCpu(n)))
    for (let run = 1; run <= RUNS; run++) {
      const label = `${masters} master(s), ${coreCount} core(s): `
      runs.push(
        await liveRound(target, {
          run,
          connections: CONNECTIONS,
          durationSec: DURATION,
          halls,
          state,
          workloads: WORKLOADS,
          label,
        }),
      )
      storeRates.push(
        await storeIssues(
          c.seeds,
          halls.map((h) => h.hall),
        ),
      )
      console.log(`${label}store alone: ${int(storeRates.at(-1)!)} issues/s`)
    }
    const cpu1 = await Promise.all(nodes.map((n) => redisCpu(n)))
    const spent = cpu1.map((v, i) => v - cpu0[i]!)
    const total = spent.reduce((a, b) => a + b, 0)
    results.push({
      masters,
      cores: coreCount,
      runs,
      store: storeRates,
      perMaster: spent.map((v) => `${((100 * v) / total).toFixed(0)}%`).join(' / '),
    })
    for (const core of cores) await core.stop()
    await baseline.stop()
    await store.close()
    await stop()
  }

  // Report.
  const rows = results.map((r) => {
    const f = figures(r.runs, CONNECTIONS)
    const cell = (m: Measured): string => (f[m] ? `${int(f[m]!.rps)} (p99 ${ms(f[m]!.p99, 0)} ms)` : '–')
    // On dedicated cores each master and each core instance has a core of its own: the issue rate
    // either side can carry is its count × 1e6 / its CPU µs per issue.
    const i = f.issue
    const projected = i ? Math.min((r.masters * 1e6) / i.redisUs, (r.cores * 1e6) / i.serverUs) : NaN
    return [
      String(r.masters),
      String(r.cores),
      cell('evalsha'),
      cell('issue'),
      cell('call-next'),
      cell('mix'),
      int(median(r.store)),
      r.perMaster,
      i ? `${int(i.serverUs)} / ${int(i.redisUs)}` : '–',
      int(projected),
    ]
  })
  await writeResultsSection('Redis Cluster', [
    machineLine(machine, `, MQTT ${mqtt === 'embedded' ? 'off' : mqtt}`),
    'Command: `npm run bench:cluster` — local clusters of redis-server processes on free ports (no replicas), started',
    'and stopped by the bench.',
    '',
    `**Contract suite** (\`test/store/contract.ts\` \`runContractSuite\`, \`RedisQueueStore\` on an ioredis \`Cluster\`, 3 masters):`,
    `${contract.ok ? 'passes' : '**fails**'} — ${contract.summary}.`,
    '',
    `**Throughput** with ${CONNECTIONS} connections split over the cores, ${HALLS} halls whose keys spread over the masters`,
    `by their hash tags, ${DURATION} s per measurement, median of ${RUNS} runs (req/s, p99). "store alone": ${STORE_OPS.toLocaleString('en-US')} issues`,
    'through `RedisQueueStore` on one Cluster connection (auto-pipelining refuses scripts of several slots), 256 in flight, no HTTP. "Redis CPU split": share of',
    "the Redis CPU time each master spent over the shape's runs. The last column projects the issue rate with a core per",
    'master and per core instance: min(masters × 1e6 / Redis µs per issue, cores × 1e6 / core µs per issue). On this',
    'machine all of them share 2 cores with the load generator, so measured throughput cannot grow with them.',
    '',
    ...table(
      [
        'masters',
        'cores',
        'EVALSHA baseline (1 server)',
        'issue',
        'call-next',
        'mix',
        'store alone, issues/s',
        'Redis CPU split',
        'issue: core / Redis CPU µs',
        'issue/s on dedicated cores (projected)',
      ],
      rows,
    ),
    '',
  ])
  console.log('bench/RESULTS.md: "Redis Cluster" section written')
} finally {
  await cleanupAll()
}
