// Live path through the real core (auth with stored tokens, idempotency keys, events, live
// WebSocket fan-out, MQTT event publishing, request logging) against its two ceilings measured
// in the same run: a bare Fastify route and a Fastify route doing one EVALSHA with issue's writes.
// Workloads: issue, issue on halls without opening hours (no calendar/capacity checks),
// call-next, and the mix; at 10 and 100 connections. Median of BENCH_RUNS runs (default 3).
// Usage: npx tsx bench/perf/live.ts   (npm run bench:live)
//   BENCH_DURATION=5 (s per measurement)  BENCH_CONNECTIONS=10,100  BENCH_HALLS=40  BENCH_SOCKETS=10 (per hall)
//   BENCH_MQTT=mqtt://127.0.0.1:1883|embedded|off  BENCH_ONLY=issue,call-next (no RESULTS.md)
//   BENCH_PROFILE=1 (core --cpu-prof into bench/perf/profiles/)  BENCH_REDIS_URL (default: a private redis-server)
import { setTimeout as sleep } from 'node:timers/promises'
import { cleanupAll, redisEnv, startBaseline, startCore, startWsClients, wsUrl } from './lib/bench-env.ts'
import type { BenchHall } from './lib/halls.ts'
import { LoadState } from './lib/load.ts'
import { describeMachine, machineLine } from './lib/machine.ts'
import { mqttTarget } from './lib/mqtt-target.ts'
import { liveSection, type LiveRun, type Measured } from './lib/live-report.ts'
import { liveRound, settle } from './lib/live-run.ts'

const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const DURATION = Number(process.env.BENCH_DURATION ?? 5)
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '10,100').split(',').map(Number)
const ONLY = process.env.BENCH_ONLY?.split(',') as Measured[] | undefined
const SOCKETS_PER_HALL = Number(process.env.BENCH_SOCKETS ?? 10)
const HALLS = Number(process.env.BENCH_HALLS ?? 40)
const WORKLOADS: Measured[] = ['bare', 'evalsha', 'issue', 'issue-no-hours', 'call-next', 'mix']

const env = await redisEnv()
try {
  const machine = await describeMachine(env.admin)
  const mqtt = await mqttTarget()
  const core = await startCore(
    { BENCH_REDIS_URL: env.url, BENCH_MQTT: mqtt, BENCH_MQTT_RESCAN_MS: '1000' },
    { profileName: `live-${Date.now()}` },
  )
  const baseline = await startBaseline({ BENCH_REDIS_URL: env.url })
  const sockets = await startWsClients()
  const baselineHall = env.fixture.track(`base-${Date.now().toString(36)}`)
  const target = { core, baseline, baselineHall, redisNodes: [env.admin], fixture: env.fixture }
  const runs: LiveRun[] = []

  for (let run = 1; run <= RUNS; run++) {
    for (const connections of CONNECTIONS) {
      // Many halls, as on a provincial platform: realistic queues per hall (hundreds waiting, not
      // tens of thousands), and a connection holds one window at a time, as a clerk does.
      const hallCount = Math.max(HALLS, Math.ceil(connections / 25))
      const halls: BenchHall[] = []
      const noHours: BenchHall[] = []
      for (let i = 0; i < hallCount; i++) halls.push(await env.fixture.hall('live'))
      for (let i = 0; i < hallCount; i++) noHours.push(await env.fixture.hall('live-nh', { windows: 30, hours: false }))
      const state = new LoadState(halls)
      const noHoursState = new LoadState(noHours)
      for (const h of halls) state.addTickets(h.hall, await env.fixture.fill(h.hall, 200))
      for (const h of noHours) noHoursState.addTickets(h.hall, await env.fixture.fill(h.hall, 20))
      const urls = [...halls, ...noHours].flatMap((h) =>
        viewers(core.ready.url, h, h.hall.startsWith('live-nh') ? noHoursState : state),
      )
      await sockets.ask({ type: 'connect', urls }, 'connected', 300_000)
      await sleep(1500) // the MQTT publisher follows new halls within its 1 s rescan
      await settle([core])
      const workloads = ONLY ?? WORKLOADS // BENCH_ONLY keeps its own order
      runs.push(
        await liveRound(target, { run, connections, durationSec: DURATION, halls, state, noHoursState, workloads }),
      )
      await sockets.ask({ type: 'disconnect' }, 'disconnected')
      await env.fixture.cleanup() // these halls, their tokens and the baseline's keys
      env.fixture.track(baselineHall)
    }
  }
  if (!ONLY) {
    await liveSection({
      machine: machineLine(machine, `, MQTT ${mqtt}`),
      halls: Math.max(...runs.map((x) => x.halls)),
      runs,
      duration: DURATION,
      connections: CONNECTIONS,
    })
    console.log('bench/RESULTS.md: "Live path" section written')
  }
} finally {
  await cleanupAll()
}

/** The hall's live viewers: half display tokens (boards, consoles), half ticket holders (phones). */
function viewers(coreUrl: string, h: BenchHall, st: LoadState): string[] {
  const mine = st.ticketPool.filter((t) => t.hall === h.hall)
  return Array.from({ length: SOCKETS_PER_HALL }, (_, i) => {
    const ticket = mine[i]
    return wsUrl(coreUrl, h.hall, i % 2 === 0 || !ticket ? { token: h.displayToken } : { ticket: ticket.id })
  })
}
