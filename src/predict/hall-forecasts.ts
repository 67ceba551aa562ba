// The predictor as the request path sees it: cheap lookups into the PredictionHub's latest
// forecast of each hall (refreshed off the request path, on the hall's events, at most every
// minRefreshMs). Nothing here runs a forecast; a hall not followed yet answers null (the caller
// falls back to the store's simple estimate) and starts being followed in the background.
import type { Eta, HallPrediction } from '../domain/predict/types.ts'
import { PredictionHub, type PredictionHubOptions } from './prediction-hub.ts'

export type HallForecastsOptions = Omit<PredictionHubOptions, 'onError'> & {
  log?: { warn(obj: object, msg: string): void }
}

/** Default: a busy hall's forecast is recomputed at most four times a second. */
export const DEFAULT_MIN_REFRESH_MS = 250
/** Default: the forecasts' own CPU time stays under 3 % of a core (refresh-budget.ts). Their
 *  garbage costs about as much again in GC afterwards, outside the measured time: on the live-path
 *  benchmark (40 busy halls) a 10 % share cost the issue route 180 µs of CPU per request, 3 % about 25 µs. */
export const DEFAULT_CPU_SHARE = 0.03

const sinceSec = (p: HallPrediction, now: number): number => Math.max(0, (now - p.at) / 1000)

/** The figures `elapsedSec` later: the expected call moment stays, the remaining wait shrinks. */
export const countDown = (eta: Eta, elapsedSec: number): Eta => ({
  etaSec: Math.max(0, eta.etaSec - elapsedSec),
  p10: Math.max(0, eta.p10 - elapsedSec),
  p90: Math.max(0, eta.p90 - elapsedSec),
})

export class HallForecasts {
  readonly hub: PredictionHub
  private readonly log: HallForecastsOptions['log']

  constructor(opts: HallForecastsOptions) {
    const { log, ...hubOpts } = opts
    this.hub = new PredictionHub({
      minRefreshMs: DEFAULT_MIN_REFRESH_MS,
      cpuShare: DEFAULT_CPU_SHARE,
      ...hubOpts,
      onError: (hall, err) => log?.warn({ hall, err }, 'predictions: refresh failed'),
    })
    this.log = log
  }

  /** Starts following the hall in the background (idempotent, never throws). */
  follow(hall: string): void {
    if (this.hub.latest(hall)) return
    this.hub.follow(hall).catch((err: unknown) => this.log?.warn({ hall, err }, 'predictions: could not follow hall'))
  }

  /** The wait of a ticket of (service, class) issued now: the latest "new ticket" probe. */
  atIssue(hall: string, service: string, cls: string): Eta | null {
    const p = this.hub.latest(hall)
    if (!p) return (this.follow(hall), null)
    return p.services[service]?.byClass[cls] ?? null
  }

  /** A waiting ticket's current forecast, counted down to `now`; null when not in the forecast. */
  ticket(hall: string, id: string, now: number): Eta | null {
    const p = this.hub.latest(hall)
    if (!p) return (this.follow(hall), null)
    const eta = p.tickets.get(id)
    return eta ? countDown(eta, sinceSec(p, now)) : null
  }

  /** Per service, the wait a new normal ticket would face now (headline figures). */
  services(hall: string): Record<string, number> | null {
    const p = this.hub.latest(hall)
    if (!p) return (this.follow(hall), null)
    return Object.fromEntries(Object.entries(p.services).map(([id, s]) => [id, s.etaSec]))
  }

  close(): Promise<void> {
    return this.hub.close()
  }
}
