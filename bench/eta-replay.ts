// Replays a queue log and scores each wait forecast made when its ticket was issued, from what
// was known at that moment only. Works without a hall document (the hall is learned from the
// log); with one (--hall FILE), its services, windows and calling policies are used.
// Usage: npm run bench:eta -- --log FILE.csv [--hall FILE.json] [--idle-close-min 5] [--prior-handling-sec 300]
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { compileHall } from '../src/config/compile-hall.ts'
import { parseHallDocument } from '../src/config/validate-hall.ts'
import { Baselines } from './sim/eval/baselines.ts'
import { logSteps, parseLog } from './sim/eval/csv-log.ts'
import { evaluate } from './sim/eval/harness.ts'
import { table, verdict } from './sim/eval/metrics.ts'
import { OursPredictor } from './sim/eval/ours.ts'
import { VariantPredictors } from './sim/eval/variants.ts'

const { values } = parseArgs({
  options: {
    log: { type: 'string' },
    hall: { type: 'string' },
    'idle-close-min': { type: 'string', default: '5' },
    'prior-handling-sec': { type: 'string', default: '300' },
    variants: { type: 'boolean', default: false },
  },
})
if (!values.log) {
  console.error(
    'usage: npm run bench:eta -- --log FILE.csv [--hall FILE.json] [--idle-close-min 5] [--prior-handling-sec 300]',
  )
  process.exit(2)
}

const log = parseLog(readFileSync(values.log, 'utf8'))
const runtime = values.hall
  ? compileHall('replay', parseHallDocument(JSON.parse(readFileSync(values.hall, 'utf8')), values.hall))
  : undefined
const steps = [
  ...logSteps(log, {
    idleCloseMin: Number(values['idle-close-min']),
    priorHandlingSec: Number(values['prior-handling-sec']),
    ...(runtime && { runtime }),
  }),
]
const first = steps.find((s) => 'runtime' in s)
if (!first || !('runtime' in first)) throw new Error('log: no tickets')
const ours = new OursPredictor({ runtime: first.runtime, zone: { utcOffsetMin: log.utcOffsetMin } })
const t0 = performance.now()
const variants = values.variants ? new VariantPredictors(ours, first.runtime) : null
const scored = evaluate(steps, [ours, new Baselines(first.runtime), ...(variants ? [variants] : [])])
const called = log.tickets.filter((t) => t.calledAt !== null).length
const meanWait = scored.reduce((s, x) => s + x.actualSec, 0) / scored.length / 60
console.log(
  `log ${values.log}: ${log.tickets.length} tickets, ${called} called and scored (${scored.length}), mean wait ${meanWait.toFixed(2)} min`,
)
console.log(
  `hall: ${runtime ? `from ${values.hall}` : 'learned from the log'}; a window counts as closed after ${values['idle-close-min']} idle minutes\n`,
)
console.log(table(scored, ['ours', 'naive', 'ql', 'les', 'hol', 'rolling', ...(variants ? variants.names : [])]))
const v = verdict(scored)
console.log(
  `\nours vs ql MAE: ${(100 * v.maeVsQl).toFixed(1)}% lower; vs rolling MSE: ${(100 * v.mseVsRolling).toFixed(1)}% lower; 10–90% coverage ${(100 * v.coverage).toFixed(1)}%`,
)
const iw = ours.inWait
console.log(
  `in-wait forecasts (sampled every 5 min of waiting): ${iw.n}, MAE ${(iw.absSec / iw.n / 60).toFixed(2)} min, 10–90% coverage ${((100 * iw.covered) / iw.n).toFixed(1)}%`,
)
console.log(
  `refreshes: ${ours.refreshes} (${(ours.refreshMs / ours.refreshes).toFixed(2)} ms each), live updates: ${ours.liveUpdates}; ${((performance.now() - t0) / 1000).toFixed(1)} s`,
)
