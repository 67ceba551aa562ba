// Alternatives measured for the decision record (docs/decisions/0004-predictor.md), run with
// --variants: the mean path without its error model ("raw"), and Monte-Carlo runs of the same
// simulation ("mc": median and 10–90% of 30 runs). They share the learning of OursPredictor,
// which must come first in the predictor list.
import { HORIZON_MS } from '../../../src/domain/predict/forward-sim.ts'
import { monteCarlo } from '../../../src/domain/predict/monte-carlo.ts'
import type { HallRuntime } from '../../../src/domain/types.ts'
import { Rng } from '../rng.ts'
import type { OursPredictor } from './ours.ts'
import type { Forecast, Predictor } from './predictor.ts'

export class VariantPredictors implements Predictor {
  readonly names = ['raw', 'mc']
  private readonly rng = new Rng(99)
  mcMs = 0
  mcCount = 0

  constructor(
    private readonly ours: OursPredictor,
    private runtime: HallRuntime,
    private readonly runs = 30,
  ) {}

  configure(runtime: HallRuntime): void {
    this.runtime = runtime
  }

  onEvent(): void {}

  forecast(ticket: string, now: number): Record<string, Forecast> {
    const svc = this.ours.service
    const raw = this.ours.lastRaw(ticket)
    const t0 = performance.now()
    const mc = monteCarlo(this.runtime, svc.mirror.snapshot(now), svc.model(now), this.runs, () => this.rng.next()).get(
      ticket,
    )
    this.mcMs += performance.now() - t0
    this.mcCount++
    // A run that strands the ticket (no window for it) says nothing: use the mean path's guess.
    const usable = mc && mc.p90 < HORIZON_MS / 1000 ? mc : { etaSec: raw ?? 0 }
    return { raw: { etaSec: raw ?? 0 }, mc: usable }
  }
}
