// One round of live-path measurements against a running core and baseline server: halls with
// tokens, waiting tickets and live viewers are set up by the caller; this runs the workloads, each
// right after its own EVALSHA baseline slice, with CPU per request of the server and Redis.
// Shared by live.ts, scale.ts, cluster.ts and fanout.ts.
import { setTimeout as sleep } from 'node:timers/promises'
import type { Cluster, Redis } from 'ioredis'
import type { ServerReady } from './bench-env.ts'
import type { Fixture, BenchHall } from './halls.ts'
import type { LiveRun, Measured, Sample } from './live-report.ts'
import { runLoad, type LoadResult, type LoadState, type Workload } from './load.ts'
import { callsPerRequest, redisCalls, redisCpu } from './machine.ts'
import { childCpu, type Child } from './procs.ts'

export interface LiveTarget {
  core: Child<ServerReady>
  /** Several cores: requests go round robin over them (autocannon per core, in parallel). */
  cores?: Child<ServerReady>[]
  baseline: Child<ServerReady> | null
  baselineHall: string
  /** Redis connections whose CPU and command counts are summed (one per node on a Cluster). */
  redisNodes: (Redis | Cluster)[]
  fixture: Fixture
}

export interface RoundOptions {
  run: number
  connections: number
  durationSec: number
  halls: BenchHall[]
  state: LoadState
  noHoursState?: LoadState
  /** Workloads to measure, in this order; evalsha slices are inserted before each of ours. */
  workloads: Measured[]
  label?: string
}

const WORKLOAD: Record<Measured, Workload> = {
  bare: 'bare',
  evalsha: 'evalsha',
  issue: 'issue',
  'issue-no-hours': 'issue',
  'call-next': 'call-next',
  mix: 'mix',
}

async function serverCpu(servers: Child<ServerReady>[]): Promise<number> {
  let total = 0
  for (const s of servers) total += await childCpu(s)
  return total
}

async function redisTotals(nodes: (Redis | Cluster)[]): Promise<{ cpu: number; calls: Record<string, number> }> {
  let cpu = 0
  const calls: Record<string, number> = {}
  for (const n of nodes) {
    cpu += await redisCpu(n)
    for (const [k, v] of Object.entries(await redisCalls(n))) calls[k] = (calls[k] ?? 0) + v
  }
  return { cpu, calls }
}

/** A load run with the CPU time the servers and Redis spent per request. */
export async function sampled(
  servers: Child<ServerReady>[],
  nodes: (Redis | Cluster)[],
  load: () => Promise<LoadResult>,
): Promise<Sample> {
  const [s0, r0, g0] = [await serverCpu(servers), await redisTotals(nodes), process.cpuUsage()]
  const r = await load()
  const [s1, r1, g1] = [await serverCpu(servers), await redisTotals(nodes), process.cpuUsage(g0)]
  const n = Math.max(1, r.requests)
  return {
    ...r,
    serverUs: (s1 - s0) / n,
    redisUs: (r1.cpu - r0.cpu) / n,
    generatorUs: (g1.user + g1.system) / n,
    commands: callsPerRequest(r0.calls, r1.calls, n),
  }
}

/** Waits until the cores have handled what was just done to their halls (CPU use drops), ≤ 20 s. */
export async function settle(servers: Child<ServerReady>[]): Promise<void> {
  for (let i = 0; i < 80; i++) {
    const before = await serverCpu(servers)
    await sleep(250)
    if ((await serverCpu(servers)) - before < 0.1 * 250_000 * servers.length) return
  }
}

/** Load over several cores at once: connections split evenly, results merged. */
async function runOn(
  urls: string[],
  workload: Workload,
  state: LoadState,
  o: { connections: number; durationSec: number; baselineHall: string },
): Promise<LoadResult> {
  if (urls.length === 1) return runLoad(urls[0]!, workload, state, o)
  const per = Math.max(1, Math.round(o.connections / urls.length))
  const parts = await Promise.all(urls.map((u) => runLoad(u, workload, state, { ...o, connections: per })))
  const total = parts.reduce((a, p) => a + p.requests, 0)
  const statuses: Record<string, number> = {}
  for (const p of parts) for (const [k, v] of Object.entries(p.statuses)) statuses[k] = (statuses[k] ?? 0) + v
  // Percentiles of merged runs: the request-weighted mean of each run's percentile (close enough
  // for runs of the same shape), and the sum of throughputs.
  const weighted = (f: (p: LoadResult) => number): number => parts.reduce((a, p) => a + f(p) * p.requests, 0) / total
  return {
    rps: parts.reduce((a, p) => a + p.rps, 0),
    p50: weighted((p) => p.p50),
    p99: weighted((p) => p.p99),
    requests: total,
    non2xx: parts.reduce((a, p) => a + p.non2xx, 0),
    errors: parts.reduce((a, p) => a + p.errors, 0),
    statuses,
  }
}

/** Makes sure call-next finds tickets for the whole measurement. */
async function topUp(t: LiveTarget, servers: Child<ServerReady>[], o: RoundOptions, perSecond: number): Promise<void> {
  const per = Math.ceil((perSecond * 1.5 * (o.durationSec + 1)) / o.halls.length)
  for (const h of o.halls) o.state.addTickets(h.hall, await t.fixture.fill(h.hall, per, 128))
  await settle(servers)
}

export async function liveRound(t: LiveTarget, o: RoundOptions): Promise<LiveRun> {
  const cores = t.cores ?? [t.core]
  const coreUrls = cores.map((c) => c.ready.url)
  const result: Partial<Record<Measured, Sample>> = {}
  const baselineFor: Partial<Record<Measured, Sample>> = {}
  let lastEvalsha: Sample | undefined
  const measure = async (name: Measured): Promise<void> => {
    const isBase = name === 'bare' || name === 'evalsha'
    if (isBase && !t.baseline) return
    const servers = isBase ? [t.baseline!] : cores
    const urls = isBase ? [t.baseline!.ready.url] : coreUrls
    const st = name === 'issue-no-hours' ? o.noHoursState! : o.state
    const lo = { connections: o.connections, durationSec: 2, baselineHall: t.baselineHall }
    if (name !== 'evalsha' || !lastEvalsha) await runOn(urls, WORKLOAD[name], st, lo) // warm-up, not counted
    if (name === 'call-next') await topUp(t, cores, o, Math.max(result.issue?.rps ?? 0, 3000))
    const r = await sampled(servers, t.redisNodes, () =>
      runOn(urls, WORKLOAD[name], st, { ...lo, durationSec: o.durationSec }),
    )
    if (name === 'evalsha') {
      lastEvalsha = r
      result.evalsha ??= r
    } else {
      result[name] = r
      if (lastEvalsha) baselineFor[name] = lastEvalsha
    }
    console.log(
      `${o.label ?? ''}run ${o.run} c=${o.connections} ${name}: ${Math.round(r.rps)} req/s p50 ${r.p50} ms p99 ${r.p99} ms` +
        ` cpu/req server ${r.serverUs.toFixed(0)} µs redis ${r.redisUs.toFixed(0)} µs` +
        ` statuses ${JSON.stringify(r.statuses)} errors ${r.errors}\n    redis calls/req: ${r.commands}`,
    )
  }
  // Each of our figures follows its own EVALSHA slice, so a change in the machine's other load
  // hits both sides of a ratio alike.
  let previous: Measured | null = null
  for (const name of o.workloads) {
    const ours = name !== 'bare' && name !== 'evalsha'
    if (ours && o.workloads.includes('evalsha') && previous !== 'evalsha') await measure('evalsha')
    if (!(name === 'evalsha' && previous === 'evalsha')) await measure(name)
    previous = name
  }
  return { run: o.run, connections: o.connections, halls: o.halls.length, result, baselineFor }
}
