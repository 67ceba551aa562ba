// Small learned rates: no-shows per service, how long a window waits for a no-show, the idle
// gap between tickets at a window, and how often waiting citizens give up (cancel).
import { lognormalMean, lognormalResidualMean } from '../domain/predict/lognormal.ts'
import { robustFromPrior, robustUpdate, type RobustLog } from '../domain/predict/robust-log.ts'

/** Exponentially forgetting counts: recent days weigh more than last month. */
const DECAY = 0.998

export interface RateState {
  noShow: Record<string, { calls: number; noShows: number }>
  noShowDuration: RobustLog
  gap: { mean: number; n: number }
  abandon: Record<string, { cancels: number; exposureSec: number }>
  pause: RobustLog
}

export const GAP_CAP_SEC = 180

export class RateStats {
  state: RateState = {
    noShow: {},
    noShowDuration: robustFromPrior(Math.log(90), 0.5, 5),
    gap: { mean: 10, n: 3 },
    abandon: {},
    pause: robustFromPrior(Math.log(600), 0.7, 3),
  }

  observeCall(service: string, noShow: boolean, durationSec: number): void {
    const c = (this.state.noShow[service] ??= { calls: 0, noShows: 0 })
    c.calls = c.calls * DECAY + 1
    c.noShows = c.noShows * DECAY + (noShow ? 1 : 0)
    if (noShow) this.state.noShowDuration = robustUpdate(this.state.noShowDuration, Math.max(1, durationSec))
  }

  noShow(service: string): { rate: number; meanSec: number } {
    const c = this.state.noShow[service] ?? { calls: 0, noShows: 0 }
    const d = this.state.noShowDuration
    return { rate: (c.noShows + 0.2) / (c.calls + 4), meanSec: lognormalMean(d.mu, d.sigma) }
  }

  /** Idle time between done and the next call while tickets were waiting for the window. */
  observeGap(seconds: number): void {
    const g = this.state.gap
    const n = Math.min(g.n + 1, 100)
    this.state.gap = { mean: g.mean + (Math.min(seconds, GAP_CAP_SEC) - g.mean) / n, n }
  }

  gapSec(): number {
    return this.state.gap.mean
  }

  /** A ticket left the waiting state after `waitedSec`; `cancelled` when the citizen gave up. */
  observeWaitEnd(service: string, waitedSec: number, cancelled: boolean): void {
    const a = (this.state.abandon[service] ??= { cancels: 0, exposureSec: 0 })
    a.cancels = a.cancels * DECAY + (cancelled ? 1 : 0)
    a.exposureSec = a.exposureSec * DECAY + Math.max(0, waitedSec)
  }

  /** Cancels per second of waiting; a prior of 1 cancel in 50 waiting hours keeps it near zero. */
  abandonPerSec(service: string): number {
    const a = this.state.abandon[service] ?? { cancels: 0, exposureSec: 0 }
    return (a.cancels + 1) / (a.exposureSec + 50 * 3600)
  }

  observePause(seconds: number): void {
    if (seconds > 0) this.state.pause = robustUpdate(this.state.pause, seconds)
  }

  pauseRemainingSec(pausedSec: number): number {
    const p = this.state.pause
    const rest = lognormalResidualMean(p.mu, p.sigma, pausedSec)
    return Math.max(60, Number.isFinite(rest) ? Math.min(rest, lognormalMean(p.mu, p.sigma)) : 60)
  }
}
