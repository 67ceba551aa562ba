// Wait-time prediction on simulated hall days: for each hall, five history days warm the
// predictors up, then two more days are scored. Fixed seeds: the figures are reproducible.
// Usage: npm run bench:eta-sim -- [--hall district|township|city] [--history N] [--seed-base N] [--variants]
import { cpus, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { issuingStatus } from '../src/domain/calendar.ts'
import { HALL_DAYS } from './sim/hall-days.ts'
import { Baselines } from './sim/eval/baselines.ts'
import { evaluate } from './sim/eval/harness.ts'
import { table, verdict } from './sim/eval/metrics.ts'
import { OursPredictor } from './sim/eval/ours.ts'
import { VariantPredictors } from './sim/eval/variants.ts'
import type { Step } from './sim/eval/predictor.ts'
import { localTimeMs } from './sim/day-types.ts'
import { measurePredict } from './sim/perf.ts'
import { simulateDay } from './sim/run-day.ts'

const { values } = parseArgs({
  options: {
    hall: { type: 'string' },
    history: { type: 'string', default: '5' },
    variants: { type: 'boolean', default: false },
    'seed-base': { type: 'string', default: '0' },
    calibration: { type: 'string' }, // JSON overrides of CalibrationOptions, for experiments
  },
})

const HISTORY_DATES = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06']
const EVAL_DATES = ['2026-03-09', '2026-03-10']
const NAMES = ['ours', 'naive', 'ql', 'les', 'hol', 'rolling']

for (const [i, day] of HALL_DAYS.entries()) {
  if (values.hall && values.hall !== day.id) continue
  const historyDays = Number(values.history)
  const history = []
  const base = Number(values['seed-base'])
  for (let d = 0; d < historyDays; d++)
    history.push(await simulateDay(day, HISTORY_DATES[d % 5]!, base + 100 * (i + 1) + d))
  const targets = []
  for (const [d, date] of EVAL_DATES.entries()) targets.push(await simulateDay(day, date, base + 1000 * (d + 1) + i))
  const { document, runtime } = targets[0]!
  const steps: Step[] = [{ runtime }]
  for (const h of [...history, ...targets]) for (const event of h.events) steps.push({ event })
  const ours = new OursPredictor({
    runtime,
    zone: { timezone: document.timezone },
    issuingOpen: (s, at) => issuingStatus(document, s, at).open,
    ...(values.calibration && { calibration: JSON.parse(values.calibration) }),
  })
  const t0 = performance.now()
  const variants = values.variants ? new VariantPredictors(ours, runtime) : null
  const scored = evaluate(steps, [ours, new Baselines(runtime), ...(variants ? [variants] : [])], {
    scoreFrom: localTimeMs(EVAL_DATES[0]!, '00:00', targets[0]!.utcOffsetMin),
  })
  const secs = ((performance.now() - t0) / 1000).toFixed(1)
  const v = verdict(scored)
  console.log(`\n### ${day.title}\n`)
  console.log(
    `seeds ${targets.map((t) => t.seed).join(', ')} on ${EVAL_DATES.join(', ')} after ${historyDays} history days; ${scored.length} tickets scored, mean wait ${(scored.reduce((s, x) => s + x.actualSec, 0) / scored.length / 60).toFixed(1)} min\n`,
  )
  console.log(table(scored, variants ? [...NAMES, ...variants.names] : NAMES))
  console.log(
    `\nours vs ql MAE: ${(100 * v.maeVsQl).toFixed(1)}% lower; vs rolling MSE: ${(100 * v.mseVsRolling).toFixed(1)}% lower; coverage ${(100 * v.coverage).toFixed(1)}%`,
  )
  if (variants)
    console.log(
      `Monte-Carlo (${variants.names[1]}): ${(variants.mcMs / variants.mcCount).toFixed(1)} ms per forecast of one hall`,
    )
  const iw = ours.inWait
  console.log(
    `in-wait forecasts (sampled every 5 min of waiting): ${iw.n}, MAE ${(iw.absSec / iw.n / 60).toFixed(2)} min, 10–90% coverage ${((100 * iw.covered) / iw.n).toFixed(1)}%`,
  )
  console.log(
    `refreshes: ${ours.refreshes} (${(ours.refreshMs / ours.refreshes).toFixed(2)} ms each), live updates: ${ours.liveUpdates}; ${secs} s`,
  )
}

const perf = measurePredict()
console.log(
  `\n### Forecast time\n\nOne predictHall for ${perf.windows} windows and ${perf.waiting} waiting tickets (10 services, 3 classes, mixed policies, expected arrivals simulated): median ${perf.medianMs.toFixed(2)} ms, 95th percentile ${perf.p95Ms.toFixed(2)} ms, mean CPU time ${perf.cpuMeanMs.toFixed(2)} ms, over ${perf.runs} runs (load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores).`,
)
