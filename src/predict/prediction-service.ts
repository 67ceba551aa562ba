// One hall's wait-time predictor as the running system uses it: feed it every event of the hall
// (onEvent), ask it for the hall's forecasts (predictHall / refresh). It learns handling times,
// no-shows, gaps, cancellations, arrivals and opening patterns from those events, and calibrates
// its error model on its own past forecasts. No I/O: the caller owns the event feed and storage.
import type { CalibrationOptions } from '../domain/predict/calibration.ts'
import { RATE_STEP_MS } from '../domain/predict/mean-path.ts'
import { predictHall } from '../domain/predict/predict-hall.ts'
import type { Eta, HallPrediction, PredictModel, PredictSnapshot } from '../domain/predict/types.ts'
import type { HallRuntime, QueueEvent } from '../domain/types.ts'
import { HallLearner } from './hall-learner.ts'
import { HallMirror } from './hall-mirror.ts'

export interface PredictionServiceOptions {
  runtime: HallRuntime
  /** The hall's clock: a fixed UTC offset in minutes or an IANA zone (hour-of-day statistics). */
  zone: { utcOffsetMin: number } | { timezone: string }
  /** Opening hours: no tickets are expected while issuing is closed. */
  issuingOpen?: (service: string, at: number) => boolean
  calibration?: Partial<CalibrationOptions>
  /** A waiting ticket whose forecast moves by at least this much gets a live update. */
  liveThresholdSec?: number
}

/** A forecast sent live: seconds counted from `at` (the expected call is at `at + etaSec`). */
export interface LiveUpdate extends Eta {
  ticket: string
  at: number
}

export class PredictionService {
  readonly mirror: HallMirror
  private runtime: HallRuntime
  private readonly learner: HallLearner
  private readonly published = new Map<string, number>() // ticket → expected call moment last sent
  private lastAt = 0
  /** Opening hours per service and 5-minute step: asked thousands of times per forecast. */
  private readonly issuingCache = new Map<string, Map<number, boolean>>()

  constructor(private readonly opts: PredictionServiceOptions) {
    this.runtime = opts.runtime
    this.mirror = new HallMirror(opts.runtime)
    this.learner = new HallLearner(opts.zone, () => this.runtime, this.mirror, opts.calibration)
  }

  configure(runtime: HallRuntime): void {
    this.runtime = runtime
    this.mirror.configure(runtime)
  }

  /**
   * Warm start from history (the archive's events of the last days, in order): learns as if live,
   * and forecasts each ticket at its issue so the error model is calibrated from day one.
   */
  warmStart(events: Iterable<QueueEvent>): void {
    for (const e of events) {
      this.onEvent(e)
      if (e.type === 'ticket.issued') this.predictHall(this.mirror.snapshot(e.at))
    }
  }

  /** Learns from one event (in seq order), then folds it into the mirrored hall state. */
  onEvent(e: QueueEvent): void {
    this.lastAt = Math.max(this.lastAt, e.at)
    this.learner.learn(e)
    this.mirror.apply(e)
  }

  model(now: number): PredictModel {
    const hours = this.opts.issuingOpen !== undefined
    return this.learner.model(now, hours ? this.issuing : undefined, hours ? this.hallIssuing : undefined)
  }

  private readonly hallIssuing = (at: number): boolean => this.runtime.serviceOrder.some((s) => this.issuing(s, at))

  private readonly issuing = (service: string, at: number): boolean => {
    let steps = this.issuingCache.get(service)
    if (!steps) this.issuingCache.set(service, (steps = new Map()))
    const step = Math.floor(at / RATE_STEP_MS)
    let open = steps.get(step)
    if (open === undefined) {
      if (steps.size > 5000) steps.clear()
      steps.set(step, (open = this.opts.issuingOpen!(service, step * RATE_STEP_MS)))
    }
    return open
  }

  /** Forecasts for every waiting ticket and every service; by default from the mirrored state. */
  predictHall(snap: PredictSnapshot = this.mirror.snapshot(this.lastAt)): HallPrediction {
    const prediction = predictHall(this.runtime, snap, this.model(snap.now), this.learner.errorModel)
    this.learner.recordForecasts(prediction)
    return prediction
  }

  /**
   * predictHall plus the live updates due: tickets new to it, and tickets whose expected call
   * moment moved by the threshold or more. Moments, not remaining seconds, are compared: a
   * forecast that merely counts down as time passes has not moved (clients count down themselves).
   */
  refresh(snap?: PredictSnapshot): { prediction: HallPrediction; updates: LiveUpdate[] } {
    const prediction = this.predictHall(snap)
    const thresholdMs = 1000 * (this.opts.liveThresholdSec ?? 60)
    const updates: LiveUpdate[] = []
    for (const [ticket, eta] of prediction.tickets) {
      const callAt = prediction.at + 1000 * eta.etaSec
      const before = this.published.get(ticket)
      if (before === undefined || Math.abs(before - callAt) >= thresholdMs) {
        this.published.set(ticket, callAt)
        updates.push({ ticket, at: prediction.at, etaSec: eta.etaSec, p10: eta.p10, p90: eta.p90 })
      }
    }
    for (const ticket of this.published.keys()) if (!prediction.tickets.has(ticket)) this.published.delete(ticket)
    return { prediction, updates }
  }
}
