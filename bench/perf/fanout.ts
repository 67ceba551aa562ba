// Fan-out: 5,000 live WebSocket clients (phones watching their tickets, boards and consoles on
// display tokens) across two core instances while the live-path load runs; delivery latency
// (arrival − the event's `at`, stamped by the core that ran the operation) and the effect on the
// live path (the same load with no client connected, in the same run). A paced phase (call-nexts
// at BENCH_PACE per second) gives the latency outside saturation. Median of BENCH_RUNS runs.
// Usage: npx tsx bench/perf/fanout.ts   (npm run bench:fanout)
//   BENCH_CLIENTS=5000  BENCH_HALLS=40  BENCH_DURATION=5  BENCH_PACE=50 (calls/s)  BENCH_PACED_SEC=20
import { setTimeout as sleep } from 'node:timers/promises'
import {
  cleanupAll,
  redisEnv,
  startBaseline,
  startCore,
  startWsClients,
  wsUrl,
  type ServerReady,
} from './lib/bench-env.ts'
import type { BenchHall } from './lib/halls.ts'
import { figures, type LiveRun } from './lib/live-report.ts'
import { liveRound, settle } from './lib/live-run.ts'
import { LoadState } from './lib/load.ts'
import { describeMachine, machineLine } from './lib/machine.ts'
import { mqttTarget } from './lib/mqtt-target.ts'
import type { Child } from './lib/procs.ts'
import { table, writeResultsSection } from './lib/results.ts'
import { int, median, ms } from './lib/stats.ts'

const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const DURATION = Number(process.env.BENCH_DURATION ?? 5)
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 5000)
const HALLS = Number(process.env.BENCH_HALLS ?? 40)
const PACE = Number(process.env.BENCH_PACE ?? 50)
const PACED_SEC = Number(process.env.BENCH_PACED_SEC ?? 20)
const CONNECTIONS = 10
const DISPLAYS_PER_HALL = 5

interface Report {
  messages: number
  events: number
  p50: number
  p99: number
  max: number
  open: number
  closedEarly: number
}

const env = await redisEnv()

/** Client i of a hall: the first few on display tokens, the rest ticket holders; cores alternate. */
function clientUrls(cores: Child<ServerReady>[], halls: BenchHall[], state: LoadState): string[][] {
  const perHall = Math.ceil(CLIENTS / halls.length)
  const byCore: string[][] = cores.map(() => [])
  let n = 0
  for (const h of halls) {
    const mine = state.ticketPool.filter((t) => t.hall === h.hall)
    for (let i = 0; i < perHall && n < CLIENTS; i++, n++) {
      const q: Record<string, string> =
        i < DISPLAYS_PER_HALL || !mine[i] ? { token: h.displayToken } : { ticket: mine[i]!.id }
      byCore[n % cores.length]!.push(wsUrl(cores[n % cores.length]!.ready.url, h.hall, q))
    }
  }
  return byCore
}

/** Paced call-nexts over the halls' windows (open loop) for `seconds`. */
async function paced(halls: BenchHall[], cores: Child<ServerReady>[], seconds: number): Promise<number> {
  const slots = halls.flatMap((h) => h.slots)
  const total = PACE * seconds
  const started = performance.now()
  const pending: Promise<unknown>[] = []
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / PACE - performance.now()
    if (wait > 1) await sleep(wait)
    const slot = slots[(i * 7) % slots.length]!
    const core = cores[i % cores.length]!
    pending.push(
      fetch(`${core.ready.url}/api/v1/halls/${slot.hall}/windows/${slot.window}/call-next`, {
        method: 'POST',
        headers: { authorization: `Bearer ${slot.token}`, 'content-type': 'application/json' },
        body: '{}',
      }).then((r) => r.arrayBuffer()),
    )
  }
  await Promise.all(pending)
  return total
}

async function clientsReport(clients: Child<{ type: 'ready' }>[]): Promise<Report> {
  const parts = await Promise.all(clients.map((c) => c.ask<Report>({ type: 'report' }, 'report')))
  const sum = (f: (r: Report) => number): number => parts.reduce((a, r) => a + f(r), 0)
  // Percentiles of the parts are combined by taking the worse one (conservative).
  return {
    messages: sum((r) => r.messages),
    events: sum((r) => r.events),
    p50: Math.max(...parts.map((r) => r.p50)),
    p99: Math.max(...parts.map((r) => r.p99)),
    max: Math.max(...parts.map((r) => r.max)),
    open: sum((r) => r.open),
    closedEarly: sum((r) => r.closedEarly),
  }
}

try {
  const machine = await describeMachine(env.admin)
  const mqtt = await mqttTarget()
  const cores = [
    await startCore(
      { BENCH_REDIS_URL: env.url, BENCH_MQTT: mqtt, BENCH_MQTT_RESCAN_MS: '1000' },
      { profileName: `fanout-a-${Date.now()}` },
    ),
    await startCore({ BENCH_REDIS_URL: env.url, BENCH_MQTT: mqtt, BENCH_MQTT_RESCAN_MS: '1000' }),
  ]
  const baseline = await startBaseline({ BENCH_REDIS_URL: env.url })
  const clients = [await startWsClients(), await startWsClients()]
  const without: LiveRun[] = []
  const withClients: LiveRun[] = []
  const underLoad: Report[] = []
  const pacedReports: Report[] = []
  let connectSec = 0
  for (let run = 1; run <= RUNS; run++) {
    const halls: BenchHall[] = []
    for (let i = 0; i < HALLS; i++) halls.push(await env.fixture.hall('fan'))
    const state = new LoadState(halls)
    for (const h of halls) state.addTickets(h.hall, await env.fixture.fill(h.hall, Math.ceil(CLIENTS / HALLS) + 100))
    await sleep(1500)
    await settle(cores)
    const baselineHall = env.fixture.track(`base-fan-${run}`)
    const target = { core: cores[0]!, cores, baseline, baselineHall, redisNodes: [env.admin], fixture: env.fixture }
    const o = {
      run,
      connections: CONNECTIONS,
      durationSec: DURATION,
      halls,
      state,
      workloads: ['evalsha', 'mix'] as const,
    }
    without.push(await liveRound(target, { ...o, workloads: [...o.workloads], label: 'no clients: ' }))

    const byCore = clientUrls(cores, halls, state)
    const t0 = performance.now()
    const connected = await Promise.all(
      clients.map((c, i) =>
        c.ask<{ connected: number; failed: number }>(
          { type: 'connect', urls: byCore[i]!, concurrency: 100 },
          'connected',
          600_000,
        ),
      ),
    )
    connectSec = (performance.now() - t0) / 1000
    console.log(
      `run ${run}: ${connected.map((c) => c.connected).join(' + ')} clients connected in ${connectSec.toFixed(1)} s`,
    )
    await settle(cores)
    for (const c of clients) await c.ask({ type: 'reset' }, 'reset-done')
    withClients.push(await liveRound(target, { ...o, workloads: [...o.workloads], label: `${CLIENTS} clients: ` }))
    underLoad.push(await clientsReport(clients))
    await settle(cores)
    for (const c of clients) await c.ask({ type: 'reset' }, 'reset-done')
    await paced(halls, cores, PACED_SEC)
    await sleep(1000)
    pacedReports.push(await clientsReport(clients))
    const u = underLoad.at(-1)!
    const p = pacedReports.at(-1)!
    console.log(
      `run ${run}: delivery under load p50 ${u.p50} p99 ${u.p99} max ${u.max} ms (${int(u.messages)} messages); paced p50 ${p.p50} p99 ${p.p99} max ${p.max} ms; open ${p.open}`,
    )
    for (const c of clients) await c.ask({ type: 'disconnect' }, 'disconnected')
    await env.fixture.cleanup()
  }
  const a = figures(without, CONNECTIONS).mix!
  const b = figures(withClients, CONNECTIONS).mix!
  const med = (xs: Report[], f: (r: Report) => number): number => median(xs.map(f))
  await writeResultsSection('Fan-out: 5,000 live clients', [
    machineLine(machine, `, MQTT ${mqtt}`),
    `Command: \`npm run bench:fanout\` — ${CLIENTS.toLocaleString('en-US')} WebSocket clients on the live channel of ${HALLS} halls`,
    `(${DISPLAYS_PER_HALL} display tokens per hall, the rest ticket holders whose other tickets' ids are redacted), alternating`,
    'between two core instances that share one Redis (events cross instances through Redis pub/sub); the clients run',
    `in two processes. The mix (40 read / 25 issue / 20 call-next / 15 complete, no-show, recall) at ${CONNECTIONS} connections split`,
    `over both cores, ${DURATION} s per measurement, without clients and with them, median of ${RUNS} runs. Delivery latency =`,
    "arrival at the client − the event's `at` (the core's clock when it ran the operation), in ms.",
    '',
    ...table(
      ['', 'mix req/s', 'p50 ms', 'p99 ms', 'req/s vs EVALSHA', 'server CPU µs/req (both cores)'],
      [
        ['no live clients', int(a.rps), ms(a.p50, 0), ms(a.p99, 0), `${a.rpsVsEval.toFixed(2)}×`, int(a.serverUs)],
        [
          `${CLIENTS.toLocaleString('en-US')} live clients`,
          int(b.rps),
          ms(b.p50, 0),
          ms(b.p99, 0),
          `${b.rpsVsEval.toFixed(2)}×`,
          int(b.serverUs),
        ],
      ],
    ),
    '',
    ...table(
      ['delivery to the clients', 'messages', 'p50 ms', 'p99 ms', 'max ms'],
      [
        [
          'during the mix (saturating load)',
          int(med(underLoad, (r) => r.messages)),
          ms(
            med(underLoad, (r) => r.p50),
            0,
          ),
          ms(
            med(underLoad, (r) => r.p99),
            0,
          ),
          ms(
            med(underLoad, (r) => r.max),
            0,
          ),
        ],
        [
          `paced: ${PACE} call-nexts/s for ${PACED_SEC} s`,
          int(med(pacedReports, (r) => r.messages)),
          ms(
            med(pacedReports, (r) => r.p50),
            0,
          ),
          ms(
            med(pacedReports, (r) => r.p99),
            0,
          ),
          ms(
            med(pacedReports, (r) => r.max),
            0,
          ),
        ],
      ],
    ),
    '',
    `Connecting the ${CLIENTS.toLocaleString('en-US')} clients (100 at a time per process, each getting its snapshot) took ${connectSec.toFixed(1)} s in the last run;`,
    `clients closed by the server during the runs: ${med(pacedReports, (r) => r.closedEarly)} (slow-consumer closes would show here).`,
    '',
  ])
  console.log('bench/RESULTS.md: fan-out section written')
} finally {
  await cleanupAll()
}
