// Everything one hall's predictor learns from its events: handling times, no-shows, gaps,
// cancellations, arrivals, opening patterns, and the error model calibrated on its own forecasts.
import {
  createCalibration,
  DEFAULT_CALIBRATION,
  observe,
  type Calibration,
  type CalibrationOptions,
} from '../domain/predict/calibration.ts'
import type { HallPrediction, PredictModel } from '../domain/predict/types.ts'
import type { HallRuntime, QueueEvent, WindowStatus } from '../domain/types.ts'
import { ArrivalStats } from './arrival-stats.ts'
import type { HallMirror } from './hall-mirror.ts'
import { HandlingStats } from './handling-stats.ts'
import { learnedModel } from './learned-model.ts'
import { LocalClock } from './local-time.ts'
import { OpenProfile } from './open-profile.ts'
import { RateStats } from './rate-stats.ts'

/** A forecast is kept for calibration until its ticket is called (or for a day at most). */
const FORECAST_TTL_MS = 24 * 3600_000

export class HallLearner {
  readonly clock: LocalClock
  private readonly handling: HandlingStats
  private readonly rates = new RateStats()
  private readonly arrivals: ArrivalStats
  private readonly open: OpenProfile
  private readonly calibration: Calibration
  private readonly firstForecast = new Map<string, { raw: number; at: number }>()
  private readonly lastDone = new Map<string, { at: number; busy: boolean }>()

  constructor(
    zone: { utcOffsetMin: number } | { timezone: string },
    private readonly runtime: () => HallRuntime,
    private readonly mirror: HallMirror,
    calibration: Partial<CalibrationOptions> = {},
  ) {
    this.clock = new LocalClock(zone)
    this.handling = new HandlingStats((s) => this.runtime().services[s]?.meanHandlingSec ?? 600)
    this.arrivals = new ArrivalStats(this.clock)
    this.open = new OpenProfile(this.clock)
    this.calibration = createCalibration({ ...DEFAULT_CALIBRATION, ...calibration })
  }

  get errorModel(): Calibration {
    return this.calibration
  }

  /** Learns from one event; call before the mirror applies it (it reads the state before). */
  learn(e: QueueEvent): void {
    if (e.type === 'window.status' && e.window) {
      const before = this.mirror.windows.get(e.window)
      if (before?.status === 'paused' && e.status !== 'paused') this.rates.observePause((e.at - before.since) / 1000)
      this.open.observe(e.window, e.status as WindowStatus, e.at)
      return
    }
    const id = e.ticket
    if (!id || !e.service) return
    const waitedSec = (e.at - (this.mirror.issuedAt(id) ?? e.at)) / 1000
    switch (e.type) {
      case 'ticket.issued':
        this.arrivals.observe(e.service, e.class ?? 'normal', e.at)
        return
      case 'ticket.called': {
        if (!this.mirror.waiting.has(id)) return
        this.rates.observeWaitEnd(e.service, waitedSec, false)
        const f = this.firstForecast.get(id)
        if (f) observe(this.calibration, f.raw, (e.at - f.at) / 1000)
        this.firstForecast.delete(id)
        const done = e.window ? this.lastDone.get(e.window) : undefined
        if (done?.busy) this.rates.observeGap((e.at - done.at) / 1000)
        return
      }
      case 'ticket.done':
      case 'ticket.no_show': {
        const w = e.window ? this.mirror.windows.get(e.window) : undefined
        const cur = w?.current?.ticket === id ? w.current : null
        if (!w || !cur) return
        const sec = (e.at - cur.calledAt) / 1000
        if (e.type === 'ticket.done') this.handling.observe(e.service, w.id, this.clock.hourOf(cur.calledAt), sec)
        this.rates.observeCall(e.service, e.type === 'ticket.no_show', sec)
        this.lastDone.set(w.id, { at: e.at, busy: this.hasWorkFor(w.id, id) })
        return
      }
      case 'ticket.cancelled':
        if (this.mirror.waiting.has(id)) this.rates.observeWaitEnd(e.service, waitedSec, true)
        this.firstForecast.delete(id)
        return
      case 'ticket.transferred':
        this.firstForecast.delete(id) // its wait starts over elsewhere: not a test of the forecast
        return
      default:
        return
    }
  }

  /** Whether anything waits that this window could call (so the next call's delay is a gap). */
  private hasWorkFor(window: string, except: string): boolean {
    const services = this.runtime().windows[window]?.services ?? []
    for (const t of this.mirror.waiting.values()) {
      if (t.id === except) continue
      if (t.queue === `w:${window}` || (t.queue.startsWith('s:') && services.includes(t.service))) return true
    }
    return false
  }

  /** Keeps each ticket's first forecast, to score it when the ticket is called. */
  recordForecasts(prediction: HallPrediction): void {
    for (const [id, raw] of prediction.raw) {
      if (!this.firstForecast.has(id) && !prediction.tickets.get(id)?.stranded)
        this.firstForecast.set(id, { raw, at: prediction.at })
    }
    if (this.firstForecast.size > 20_000) {
      for (const [id, f] of this.firstForecast)
        if (f.at < prediction.at - FORECAST_TTL_MS) this.firstForecast.delete(id)
    }
  }

  model(
    now: number,
    issuing?: (service: string, at: number) => boolean,
    hallIssuing?: (at: number) => boolean,
  ): PredictModel {
    const { clock, handling, rates, arrivals, open } = this
    return learnedModel({ clock, handling, rates, arrivals, open, issuingOpen: issuing, hallIssuing }, now)
  }
}
