// bench:alloc — the allocation benchmark: a realistic hall day (bench/alloc-hall.ts) on the hall
// simulator, several seeds, three policies: the configured static allocation, our controller and
// a clairvoyant plan, each of the last two at several service-level targets. Prints a table and
// writes the "Allocation" section of bench/RESULTS.md (ALLOC_WRITE=0 to skip).
// Options (env): ALLOC_SEEDS=1,…,8  ALLOC_LEVELS=0.8,0.9,0.95  ALLOC_CLAIR_LEVELS=0.8,0.9,0.95,0.99
import { cpus } from 'node:os'
import { allocHall, allocSettings } from './alloc-hall.ts'
import { citizensOf, countsOf, runDay, type Policy } from './alloc-run.ts'
import type { DayMetrics } from './alloc-metrics.ts'
import { modelCheck } from './alloc-model-check.ts'
import { writeAllocSection } from './alloc-report.ts'
import { compiledDay, offsetMinOf } from './sim/run-day.ts'
import { addDays } from '../src/domain/calendar.ts'
import { dayInfo } from '../src/domain/alloc/day-kind.ts'
import type { ArrivalHistory } from '../src/domain/alloc/forecast.ts'

const DATE = '2026-03-10' // a Tuesday
const seeds = (process.env.ALLOC_SEEDS ?? '1,2,3,4,5,6,7,8').split(',').map(Number)
const levels = (process.env.ALLOC_LEVELS ?? '0.8,0.9,0.95').split(',').map(Number)

/** Six weeks of earlier days (other seeds: other people, same hall) as the forecast's history. */
function historyFor(seed: number): ArrivalHistory {
  const { document } = compiledDay(allocHall)
  const history = new Map()
  for (let i = 1; i <= 42; i++) {
    const d = addDays(DATE, -i)
    if (dayInfo(document.hours, d).kind !== 'normal') continue
    history.set(d, countsOf(citizensOf(allocHall, d, seed * 1000 + i), d, offsetMinOf(document.timezone, d)))
  }
  return history
}

export interface Row {
  policy: Policy
  level: number | null
  runs: DayMetrics[]
}

const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length
export const avg = (r: Row, k: keyof DayMetrics): number => mean(r.runs.map((m) => m[k]))

async function main(): Promise<void> {
  const started = Date.now()
  const histories = new Map(seeds.map((s) => [s, historyFor(s)]))
  const rows: Row[] = []
  const run = async (policy: Policy, level: number | null): Promise<void> => {
    const settings = allocSettings(level === null ? {} : { targetLevel: level })
    const runs: DayMetrics[] = []
    for (const seed of seeds)
      runs.push(await runDay(allocHall, DATE, seed, policy, { settings, history: histories.get(seed)! }))
    rows.push({ policy, level, runs })
    const r = rows.at(-1)!
    console.log(
      `${policy.padEnd(11)} ${level === null ? '  – ' : level.toFixed(2)}  tickets ${avg(r, 'tickets').toFixed(0)}  wait ${avg(r, 'meanWaitMin').toFixed(1)} min  p90 ${avg(r, 'p90WaitMin').toFixed(1)} min  within ${(100 * avg(r, 'withinTarget')).toFixed(1)} %  window-h ${avg(r, 'windowHours').toFixed(1)}  changes ${avg(r, 'changes').toFixed(0)}`,
    )
  }
  await run('static', null)
  for (const level of levels) await run('controller', level)
  for (const level of levels) await run('oracle', level)
  for (const level of (process.env.ALLOC_CLAIR_LEVELS ?? '0.8,0.9,0.95,0.99').split(',').map(Number))
    await run('clairvoyant', level)
  const check = await modelCheck(seeds)
  for (const r of check)
    console.log(
      `model check: ${r.windows} windows, ${r.perHour.toFixed(1)}/h, ${r.occupancySec.toFixed(0)} s a ticket: Erlang C ${(100 * r.predicted).toFixed(1)} % vs simulated ${(100 * r.simulated).toFixed(1)} % within 5 min`,
    )
  const seconds = (Date.now() - started) / 1000
  if (process.env.ALLOC_WRITE !== '0') {
    writeAllocSection(rows, check, {
      seeds,
      date: DATE,
      seconds,
      cpu: cpus()[0]?.model ?? 'unknown',
      node: process.version,
    })
    console.log('wrote the Allocation section of bench/RESULTS.md')
  }
}

await main()
