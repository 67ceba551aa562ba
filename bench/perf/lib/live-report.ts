// The "Live path (HTTP)" section of bench/RESULTS.md.
import type { LoadResult } from './load.ts'
import { writeResultsSection, table } from './results.ts'
import { int, median, ms } from './stats.ts'

export type Measured = 'bare' | 'evalsha' | 'issue' | 'issue-no-hours' | 'call-next' | 'mix'

/** One load run with the CPU time spent per request (µs) by the server, Redis and the generator. */
export interface Sample extends LoadResult {
  serverUs: number
  redisUs: number
  generatorUs: number
  /** Redis commands per request, e.g. `evalsha 1.00, publish 0.50`. */
  commands: string
}

export interface LiveRun {
  run: number
  connections: number
  halls: number
  result: Partial<Record<Measured, Sample>>
  /** The EVALSHA slice measured right before each of our figures. */
  baselineFor: Partial<Record<Measured, Sample>>
}

const LABEL: Record<Measured, string> = {
  bare: 'baseline: bare Fastify route (small JSON)',
  evalsha: "baseline: Fastify + one EVALSHA with issue's writes",
  issue: 'issue (kiosk token, Idempotency-Key)',
  'issue-no-hours': 'issue, hall without opening hours',
  'call-next': 'call-next (clerk token)',
  mix: 'mix (40 read / 25 issue / 20 call-next / 15 complete, no-show, recall)',
}

export interface LiveFigures {
  rps: number
  p50: number
  p99: number
  serverUs: number
  redisUs: number
  rpsVsEval: number // median over runs of (rps / rps of the EVALSHA slice measured just before)
  p99VsEval: number
  serverVsEval: number // server CPU per request over the baseline server's
  non2xx: number // total over runs
  requests: number
}

/** Medians over runs for one connection count. */
export function figures(runs: LiveRun[], connections: number): Partial<Record<Measured, LiveFigures>> {
  const mine = runs.filter((r) => r.connections === connections)
  const out: Partial<Record<Measured, LiveFigures>> = {}
  for (const m of Object.keys(LABEL) as Measured[]) {
    const got = mine.filter((r) => r.result[m])
    if (got.length === 0) continue
    const pick = (f: (x: Sample, b: Sample | undefined) => number): number =>
      median(got.map((r) => f(r.result[m]!, r.baselineFor[m] ?? r.result.evalsha)))
    out[m] = {
      rps: pick((x) => x.rps),
      p50: pick((x) => x.p50),
      p99: pick((x) => x.p99),
      serverUs: pick((x) => x.serverUs),
      redisUs: pick((x) => x.redisUs),
      rpsVsEval: pick((x, b) => x.rps / (b?.rps ?? NaN)),
      // autocannon reports whole milliseconds: a 0 ms baseline p99 counts as 1 ms.
      p99VsEval: pick((x, b) => x.p99 / Math.max(1, b?.p99 ?? NaN)),
      serverVsEval: pick((x, b) => x.serverUs / (b?.serverUs ?? NaN)),
      non2xx: got.reduce((a, r) => a + r.result[m]!.non2xx, 0),
      requests: got.reduce((a, r) => a + r.result[m]!.requests, 0),
    }
  }
  return out
}

function verdict(f: LiveFigures | undefined, name: string): string {
  if (!f) return `- ${name}: not measured`
  const okRps = f.rpsVsEval >= 0.5
  const okP99 = f.p99VsEval <= 2
  const status = okRps && okP99 ? '**met**' : '**missed**'
  return (
    `- ${name} at 10 connections: ${(f.rpsVsEval * 100).toFixed(0)}% of the EVALSHA baseline's requests/s ` +
    `(target ≥ 50%), p99 ${f.p99VsEval.toFixed(2)}× its p99 (target ≤ 2×): ${status}`
  )
}

export async function liveSection(r: {
  machine: string
  halls: number
  runs: LiveRun[]
  duration: number
  connections: number[]
  notes?: string[]
}): Promise<void> {
  const lines: string[] = [
    r.machine,
    `Command: \`npm run bench:live\` — autocannon (programmatic, one request in flight per connection), ` +
      `${r.duration} s per measurement after a 2 s warm-up, median of ${Math.max(...r.runs.map((x) => x.run))} runs; ` +
      'the core, the baseline server, Redis, the WebSocket clients and the load generator share the machine.',
    '',
    'The core runs as in production (`startServer` + `startCoreMqtt` in one process, log level info to a',
    'discarded stdout): every request is authenticated with a token from the Redis token store, issues carry',
    'an `Idempotency-Key`, every operation appends and publishes its events, 10 WebSocket clients per hall',
    '(5 display tokens, 5 ticket holders) receive them, and the MQTT publisher forwards them to the broker.',
    `Load spreads over ${r.halls} halls of 30 windows and 6 services with opening hours (and as many without`,
    'hours for the "without opening hours" row), each with hundreds of waiting tickets as in a real morning;',
    'each connection holds one window at a time, as a clerk does. Each of our figures is measured right after its own EVALSHA',
    'slice and the ratio is taken between the two, then the median over runs is shown (the EVALSHA row',
    'shows its first slice of each run). CPU µs per request: CPU time of the server process (core or',
    'baseline) and of Redis during the slice, divided by the requests served: steadier than req/s when',
    'other work shares the machine, and what decides throughput on dedicated cores.',
    '',
  ]
  for (const c of r.connections) {
    const f = figures(r.runs, c)
    lines.push(`### ${c} connections`, '')
    const rows = (Object.keys(LABEL) as Measured[])
      .filter((m) => f[m])
      .map((m) => {
        const x = f[m]!
        const base = m === 'evalsha' || m === 'bare'
        return [
          LABEL[m],
          int(x.rps),
          ms(x.p50, 0),
          ms(x.p99, 0),
          base ? '' : `${x.rpsVsEval.toFixed(2)}×`,
          base ? '' : `${x.p99VsEval.toFixed(2)}×`,
          int(x.serverUs),
          int(x.redisUs),
          x.non2xx === 0 ? '0' : `${x.non2xx} of ${int(x.requests)}`,
        ]
      })
    lines.push(
      ...table(
        [
          'route',
          'req/s',
          'p50 ms',
          'p99 ms',
          'req/s vs EVALSHA',
          'p99 vs EVALSHA',
          'server CPU µs/req',
          'Redis CPU µs/req',
          'non-2xx',
        ],
        rows,
      ),
      '',
    )
  }
  const ten = figures(r.runs, 10)
  lines.push(
    'Targets (10 connections):',
    '',
    verdict(ten.issue, 'issue'),
    verdict(ten['call-next'], 'call-next'),
    '',
    'Where the time goes (the profile, the cost of each part, what was changed and what is left):',
    '[docs/performance.md](../docs/performance.md).',
    '',
  )
  lines.push(...(r.notes ?? []))
  // A run with the wait-time predictor switched off (PREDICTIONS=off) keeps its own section.
  const heading = process.env.PREDICTIONS === 'off' ? 'Live path (HTTP), predictor off' : 'Live path (HTTP)'
  await writeResultsSection(heading, lines)
}
