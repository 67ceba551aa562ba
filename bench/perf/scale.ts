// Scale: 10,000 halls × 30 windows in one Redis with a morning's tickets. Redis memory per hall
// and per waiting ticket, the core's start and memory when it follows every hall, and the live
// path (issue, call-next, mix at 10 connections) on one hall when Redis holds only that hall
// versus when it also holds the 10,000; then the load spread over all 10,000 halls (a province at
// opening time). Private redis-servers on free ports, stopped at the end (the shared 6379 is
// never filled). Median of BENCH_RUNS runs (default 3).
// Usage: npx tsx bench/perf/scale.ts   (npm run bench:scale)
//   SCALE_HALLS=10000  SCALE_ISSUED=60 (tickets per hall)  SCALE_CALLED=40 (of them called)  BENCH_DURATION=5
import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'
import { compileHall } from '../../src/config/compile-hall.ts'
import { parseHallDocument } from '../../src/config/validate-hall.ts'
import { newTicketId } from '../../src/core/ids.ts'
import { businessDate } from '../../src/domain/calendar.ts'
import { hallKeys } from '../../src/store/redis/keys.ts'
import { RedisQueueStore } from '../../src/store/redis/redis-store.ts'
import {
  cleanupAll,
  onCleanup,
  startBaseline,
  startCore,
  startWsClients,
  wsUrl,
  type ServerReady,
} from './lib/bench-env.ts'
import { benchDocument, Fixture, SERVICES, type BenchHall } from './lib/halls.ts'
import { figures, type LiveRun, type Measured } from './lib/live-report.ts'
import { liveRound, settle } from './lib/live-run.ts'
import { LoadState } from './lib/load.ts'
import { describeMachine, machineLine } from './lib/machine.ts'
import type { Child } from './lib/procs.ts'
import { startRedis } from './lib/redis-server.ts'
import { table, writeResultsSection } from './lib/results.ts'
import { int, ms } from './lib/stats.ts'

const HALLS = Number(process.env.SCALE_HALLS ?? 10_000)
const ISSUED = Number(process.env.SCALE_ISSUED ?? 60)
const CALLED = Number(process.env.SCALE_CALLED ?? 40)
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const DURATION = Number(process.env.BENCH_DURATION ?? 5)
const CONNECTIONS = 10
const WORKLOADS: Measured[] = ['evalsha', 'issue', 'call-next', 'mix']
const SOCKETS = 10

interface Platform {
  redis: Redis
  store: RedisQueueStore
  fixture: Fixture
  url: string
}

async function platform(): Promise<Platform> {
  const server = await startRedis()
  onCleanup(() => server.stop())
  const redis = new Redis(server.url)
  onCleanup(() => redis.quit())
  const store = new RedisQueueStore(new Redis(server.url, { enableAutoPipelining: true }))
  onCleanup(() => store.close())
  return { redis, store, fixture: new Fixture(redis, store), url: server.url }
}

const usedMemory = async (r: Redis): Promise<number> => Number(/used_memory:(\d+)/.exec(await r.info('memory'))?.[1])

/** Runs `n` jobs with `width` in flight, printing progress now and then. */
async function pool(label: string, n: number, width: number, job: (i: number) => Promise<unknown>): Promise<number> {
  const started = Date.now()
  let next = 0
  let done = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let i = next++; i < n; i = next++) {
        await job(i)
        if (++done % 100_000 === 0)
          console.log(`  ${label}: ${done.toLocaleString('en-US')} of ${n.toLocaleString('en-US')}`)
      }
    }),
  )
  return (Date.now() - started) / 1000
}

/** The halls under load: one hall (or many), its live viewers, tickets to read and call. */
async function loadHall(
  p: Platform,
  sockets: Child<{ type: 'ready' }>,
  core: Child<ServerReady>,
): Promise<{ hall: BenchHall; state: LoadState }> {
  const hall = await p.fixture.hall('one')
  const state = new LoadState([hall])
  state.addTickets(hall.hall, await p.fixture.fill(hall.hall, 300))
  const urls = Array.from({ length: SOCKETS }, (_, i) =>
    wsUrl(core.ready.url, hall.hall, i % 2 === 0 ? { token: hall.displayToken } : { ticket: state.ticketPool[i]!.id }),
  )
  await sockets.ask({ type: 'connect', urls }, 'connected', 120_000)
  await sleep(1500)
  await settle([core])
  return { hall, state }
}

async function rounds(
  label: string,
  p: Platform,
  core: Child<ServerReady>,
  baseline: Child<ServerReady>,
  halls: BenchHall[],
  state: LoadState,
): Promise<LiveRun[]> {
  const baselineHall = p.fixture.track(`base-${label.replace(/[^A-Za-z0-9]+/g, '')}`)
  const out: LiveRun[] = []
  for (let run = 1; run <= RUNS; run++) {
    const target = { core, baseline, baselineHall, redisNodes: [p.redis], fixture: p.fixture }
    out.push(
      await liveRound(target, {
        run,
        connections: CONNECTIONS,
        durationSec: DURATION,
        halls,
        state,
        workloads: WORKLOADS,
        label: `${label} `,
      }),
    )
  }
  return out
}

try {
  // A: Redis holds one hall, the one under load.
  const a = await platform()
  const machine = await describeMachine(a.redis)
  const sockets = await startWsClients()
  const coreA = await startCore({ BENCH_REDIS_URL: a.url, BENCH_MQTT: 'embedded', BENCH_MQTT_RESCAN_MS: '5000' })
  const baseA = await startBaseline({ BENCH_REDIS_URL: a.url })
  const oneA = await loadHall(a, sockets, coreA)
  const runsA = await rounds('one hall:', a, coreA, baseA, [oneA.hall], oneA.state)
  await sockets.ask({ type: 'disconnect' }, 'disconnected')
  await coreA.stop()
  await baseA.stop()

  // B: the 10,000 halls with a morning's tickets.
  const b = await platform()
  const mem0 = await usedMemory(b.redis)
  const doc = parseHallDocument(benchDocument())
  const date = businessDate('Asia/Shanghai', Date.now())
  const ids = Array.from({ length: HALLS }, (_, i) => `p${String(i).padStart(5, '0')}`)
  const configureSec = await pool('configure', HALLS, 64, async (i) => {
    const hall = ids[i]!
    const runtime = compileHall(hall, doc)
    await b.store.configureHall(hall, doc, runtime, { now: Date.now() })
    await Promise.all(runtime.windowOrder.map((w) => b.store.setWindowStatus(hall, w, 'open', { now: Date.now() })))
  })
  const mem1 = await usedMemory(b.redis)
  const sample: { hall: string; id: string }[] = []
  const issueSec = await pool('issue', HALLS * ISSUED, 256, async (i) => {
    const hall = ids[i % HALLS]!
    const ticketId = newTicketId()
    await b.store.issue(hall, {
      service: SERVICES[Math.floor(i / HALLS) % SERVICES.length]!,
      date,
      ticketId,
      now: Date.now(),
    })
    if (i % 97 === 0 && sample.length < 50_000) sample.push({ hall, id: ticketId })
  })
  const mem2 = await usedMemory(b.redis)
  const callSec = await pool('call', HALLS * CALLED, 256, async (i) => {
    await b.store.callNext(ids[i % HALLS]!, `W${(Math.floor(i / HALLS) % 30) + 1}`, { now: Date.now() })
  })
  const mem3 = await usedMemory(b.redis)
  const keys = hallKeys(ids[0]!)
  const keyBytes: [string, number][] = []
  for (const [name, key] of Object.entries({
    hall: keys.hall,
    win: keys.win,
    ws: keys.ws,
    tk: keys.tk,
    ev: keys.ev,
    wc: keys.wc,
    'q:s:s1': keys.queue('s:s1'),
    counters: keys.counter(date),
  })) {
    keyBytes.push([name, Number(await b.redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'))])
  }
  const dbsize = await b.redis.dbsize()
  console.log(
    `populated: ${HALLS} halls in ${configureSec.toFixed(0)} s, ${HALLS * ISSUED} issues in ${issueSec.toFixed(0)} s, ${HALLS * CALLED} calls in ${callSec.toFixed(0)} s; used_memory ${(mem3 / 2 ** 20).toFixed(0)} MiB, ${dbsize} keys`,
  )

  const started = Date.now()
  const coreB = await startCore(
    { BENCH_REDIS_URL: b.url, BENCH_MQTT: 'embedded', BENCH_MQTT_RESCAN_MS: '5000' },
    { profileName: `scale-${Date.now()}` },
  )
  const startSec = (Date.now() - started) / 1000
  await settle([coreB])
  const settledSec = (Date.now() - started) / 1000
  const rss = (await coreB.ask<{ rss: number; heapUsed: number }>({ type: 'mem' }, 'mem')).rss
  console.log(
    `core with ${HALLS} halls: listening after ${startSec.toFixed(1)} s, idle after ${settledSec.toFixed(1)} s, RSS ${(rss / 2 ** 20).toFixed(0)} MiB`,
  )
  const baseB = await startBaseline({ BENCH_REDIS_URL: b.url })
  const oneB = await loadHall(b, sockets, coreB)
  const runsB = await rounds(`${HALLS} halls:`, b, coreB, baseB, [oneB.hall], oneB.state)
  await sockets.ask({ type: 'disconnect' }, 'disconnected')

  // B2: the same load spread over every hall (each sees a request every few seconds).
  const spread: BenchHall[] = []
  for (const hall of ids) spread.push(await b.fixture.tokensFor(hall, compileHall(hall, doc).windowOrder, true))
  const spreadState = new LoadState(spread)
  for (const t of sample) spreadState.addTicket(t.hall, t.id)
  const runsSpread = await rounds(`spread over ${HALLS}:`, b, coreB, baseB, spread, spreadState)
  const rssAfter = (await coreB.ask<{ rss: number }>({ type: 'mem' }, 'mem')).rss

  // Report.
  const fa = figures(runsA, CONNECTIONS)
  const fb = figures(runsB, CONNECTIONS)
  const fs = figures(runsSpread, CONNECTIONS)
  const rows = (['issue', 'call-next', 'mix'] as const).flatMap((m) => {
    const x = fa[m]!
    const y = fb[m]!
    const z = fs[m]!
    const worse = (one: number, many: number, higherIsBetter: boolean): string => {
      const change = higherIsBetter ? one / many - 1 : many / one - 1
      return `${change > 0 ? '+' : ''}${(change * 100).toFixed(0)}%`
    }
    return [
      [
        m,
        'req/s vs EVALSHA',
        `${x.rpsVsEval.toFixed(2)}×`,
        `${y.rpsVsEval.toFixed(2)}×`,
        worse(x.rpsVsEval, y.rpsVsEval, true),
        `${z.rpsVsEval.toFixed(2)}×`,
      ],
      [
        m,
        'p99 vs EVALSHA',
        `${x.p99VsEval.toFixed(2)}×`,
        `${y.p99VsEval.toFixed(2)}×`,
        worse(x.p99VsEval, y.p99VsEval, false),
        `${z.p99VsEval.toFixed(2)}×`,
      ],
      [m, 'server CPU µs/req', int(x.serverUs), int(y.serverUs), worse(x.serverUs, y.serverUs, false), int(z.serverUs)],
      [m, 'Redis CPU µs/req', int(x.redisUs), int(y.redisUs), worse(x.redisUs, y.redisUs, false), int(z.redisUs)],
      [
        m,
        'req/s (p50 / p99 ms)',
        `${int(x.rps)} (${ms(x.p50, 0)} / ${ms(x.p99, 0)})`,
        `${int(y.rps)} (${ms(y.p50, 0)} / ${ms(y.p99, 0)})`,
        '',
        `${int(z.rps)} (${ms(z.p50, 0)} / ${ms(z.p99, 0)})`,
      ],
    ]
  })
  const waitingPerTicket = (mem2 - mem1) / (HALLS * ISSUED)
  await writeResultsSection('Scale: many halls in one Redis', [
    machineLine(machine, ', MQTT embedded'),
    `Command: \`npm run bench:scale\` — ${HALLS.toLocaleString('en-US')} halls × 30 windows × 6 services (opening hours, 32 devices) configured`,
    `through the store on a private redis-server, every window open; a morning: ${ISSUED} tickets issued per hall, ${CALLED} of`,
    `them called (${(HALLS * ISSUED).toLocaleString('en-US')} tickets, ${(HALLS * CALLED).toLocaleString('en-US')} calls). Nothing is archived or trimmed, as before the archiver's first pass.`,
    '',
    '### Redis memory',
    '',
    ...table(
      ['what', 'bytes'],
      [
        ['per configured hall (document, runtime, 30 window states, status mirror)', int((mem1 - mem0) / HALLS)],
        [
          'per waiting ticket (ticket JSON, queue entry, its `ticket.issued` event in the stream, counters)',
          `${int(waitingPerTicket)} (target < 1,024: **${waitingPerTicket < 1024 ? 'met' : 'missed'}**)`,
        ],
        [
          `per hall after the morning (${ISSUED} tickets, ${CALLED} calls, every event kept)`,
          int((mem3 - mem0) / HALLS),
        ],
        [
          'whole server after the morning',
          `${int(mem3)} (${(mem3 / 2 ** 20).toFixed(0)} MiB, ${dbsize.toLocaleString('en-US')} keys)`,
        ],
      ],
    ),
    '',
    `Keys of one hall after the morning (\`MEMORY USAGE\`): ${keyBytes.map(([k, v]) => `${k} ${int(v)} B`).join(', ')}.`,
    '',
    '### The core with every hall',
    '',
    `Populating took ${configureSec.toFixed(0)} s (configure + open windows), ${issueSec.toFixed(0)} s (issues) and ${callSec.toFixed(0)} s (calls) through \`RedisQueueStore\`.`,
    `A core started on this Redis listened after ${startSec.toFixed(1)} s and was idle after ${settledSec.toFixed(1)} s (the MQTT publisher and the`,
    `predictor follow every hall); its RSS was ${(rss / 2 ** 20).toFixed(0)} MiB at start and ${(rssAfter / 2 ** 20).toFixed(0)} MiB after the runs below.`,
    '',
    `### Live path: one hall alone vs. one hall among ${HALLS.toLocaleString('en-US')}`,
    '',
    `${CONNECTIONS} connections, ${DURATION} s per measurement, median of ${RUNS} runs; each figure right after its own EVALSHA slice.`,
    `"spread" sends the same load over all ${HALLS.toLocaleString('en-US')} halls (one clerk token per hall), as at opening time in a province.`,
    '',
    ...table(
      [
        'route',
        'figure',
        'Redis with one hall',
        `with ${HALLS.toLocaleString('en-US')} halls`,
        'change (+ = worse)',
        `spread over ${HALLS.toLocaleString('en-US')}`,
      ],
      rows,
    ),
    '',
  ])
  console.log('bench/RESULTS.md: scale section written')
} finally {
  await cleanupAll()
}
