// Our predictor as the benchmarks run it: the production PredictionService, refreshed on every
// event exactly as the core would, counting the live updates it would send.
import type { HallRuntime, QueueEvent } from '../../../src/domain/types.ts'
import type { HallPrediction } from '../../../src/domain/predict/types.ts'
import { PredictionService, type PredictionServiceOptions } from '../../../src/predict/prediction-service.ts'
import type { Forecast, Predictor } from './predictor.ts'

/** Forecasts made while a ticket waits are scored too, sampled every 5 minutes of its wait. */
const IN_WAIT_SAMPLE_MS = 5 * 60_000

interface InWait {
  at: number
  etaSec: number
  p10: number
  p90: number
}

export class OursPredictor implements Predictor {
  readonly names = ['ours']
  readonly service: PredictionService
  private last: HallPrediction | null = null
  private readonly samples = new Map<string, InWait[]>()
  liveUpdates = 0
  refreshes = 0
  refreshMs = 0
  /** Scored in-wait forecasts: count, absolute error sum (s), inside the 10–90% interval. */
  readonly inWait = { n: 0, absSec: 0, covered: 0 }

  constructor(opts: PredictionServiceOptions) {
    this.service = new PredictionService(opts)
  }

  configure(runtime: HallRuntime): void {
    this.service.configure(runtime)
  }

  onEvent(e: QueueEvent): void {
    this.service.onEvent(e)
    const t0 = performance.now()
    const { prediction, updates } = this.service.refresh(this.service.mirror.snapshot(e.at))
    this.refreshMs += performance.now() - t0
    this.refreshes++
    // A new ticket's first forecast goes out with the ticket itself, not as an update.
    this.liveUpdates += updates.filter((u) => !(e.type === 'ticket.issued' && u.ticket === e.ticket)).length
    this.last = prediction
    this.sampleInWait(e)
  }

  private sampleInWait(e: QueueEvent): void {
    if (e.ticket && e.type === 'ticket.called') {
      for (const s of this.samples.get(e.ticket) ?? []) {
        const actual = (e.at - s.at) / 1000
        this.inWait.n++
        this.inWait.absSec += Math.abs(actual - s.etaSec)
        if (actual >= s.p10 && actual <= s.p90) this.inWait.covered++
      }
    }
    if (e.ticket && e.type !== 'ticket.issued') this.samples.delete(e.ticket)
    for (const [id, eta] of this.last!.tickets) {
      const list = this.samples.get(id) ?? []
      const prev = list.at(-1)
      // The issue-time forecast is scored separately: in-wait samples start 5 minutes in.
      if (!prev && !this.issuedSeen.has(id)) this.issuedSeen.set(id, e.at)
      const since = prev?.at ?? this.issuedSeen.get(id)!
      if (e.at - since >= IN_WAIT_SAMPLE_MS && !eta.stranded) {
        list.push({ at: e.at, etaSec: eta.etaSec, p10: eta.p10, p90: eta.p90 })
        this.samples.set(id, list)
      }
    }
  }

  private readonly issuedSeen = new Map<string, number>()

  /** The uncalibrated mean-path forecast of the last refresh (for the variants). */
  lastRaw(ticket: string): number | undefined {
    return this.last?.raw.get(ticket)
  }

  forecast(ticket: string): Record<string, Forecast> {
    const eta = this.last?.tickets.get(ticket)
    return { ours: eta ? { etaSec: eta.etaSec, p10: eta.p10, p90: eta.p90 } : { etaSec: 0 } }
  }
}
