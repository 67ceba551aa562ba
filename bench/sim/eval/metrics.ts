// The accuracy figures of the benchmarks, per predictor:
// MAE and RMSE (minutes), MAE ÷ mean actual wait, share within ±20% of the actual wait (with a
// 30-second floor, so a 0-second wait forecast as 10 s counts as right), share under-predicted
// by more than 5 minutes (the citizen who trusted us and missed nothing, but waited much longer),
// and for predictors with an interval, how often the actual wait fell inside it.
import type { Scored } from './harness.ts'

export interface Metrics {
  n: number
  meanWaitMin: number
  maeMin: number
  rmseMin: number
  mse: number // min²
  relMae: number
  within20: number
  under5: number
  coverage: number | null
  width: number | null // mean interval width (min)
}

export function metricsFor(scored: Scored[], name: string): Metrics {
  let abs = 0
  let sq = 0
  let within = 0
  let under = 0
  let covered = 0
  let withInterval = 0
  let width = 0
  let wait = 0
  for (const s of scored) {
    const f = s.forecasts[name]
    if (!f) continue
    const err = f.etaSec - s.actualSec
    abs += Math.abs(err)
    sq += err * err
    wait += s.actualSec
    if (Math.abs(err) <= Math.max(0.2 * s.actualSec, 30)) within++
    if (s.actualSec - f.etaSec > 300) under++
    if (f.p10 !== undefined && f.p90 !== undefined) {
      withInterval++
      width += f.p90 - f.p10
      if (s.actualSec >= f.p10 && s.actualSec <= f.p90) covered++
    }
  }
  const n = scored.length
  return {
    n,
    meanWaitMin: wait / n / 60,
    maeMin: abs / n / 60,
    rmseMin: Math.sqrt(sq / n) / 60,
    mse: sq / n / 3600,
    relMae: abs / wait,
    within20: within / n,
    under5: under / n,
    coverage: withInterval ? covered / withInterval : null,
    width: withInterval ? width / withInterval / 60 : null,
  }
}

const pct = (v: number): string => `${(100 * v).toFixed(1)}%`

export function table(scored: Scored[], names: string[]): string {
  const rows = names.map((name) => {
    const m = metricsFor(scored, name)
    const cov = m.coverage === null ? '–' : `${pct(m.coverage)} (±${(m.width! / 2).toFixed(1)} min)`
    return `| ${name} | ${m.maeMin.toFixed(2)} | ${m.rmseMin.toFixed(2)} | ${m.relMae.toFixed(3)} | ${pct(m.within20)} | ${pct(m.under5)} | ${cov} |`
  })
  return [
    '| predictor | MAE (min) | RMSE (min) | MAE ÷ mean wait | within ±20% | under by > 5 min | 10–90% coverage |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n')
}

/** Our MAE vs the class-aware queue-length predictor, our MSE vs the rolling mean. */
export function verdict(scored: Scored[]): { maeVsQl: number; mseVsRolling: number; coverage: number } {
  const ours = metricsFor(scored, 'ours')
  return {
    maeVsQl: 1 - ours.maeMin / metricsFor(scored, 'ql').maeMin,
    mseVsRolling: 1 - ours.mse / metricsFor(scored, 'rolling').mse,
    coverage: ours.coverage ?? 0,
  }
}
