// The learned statistics of one hall, bundled as the PredictModel the forward simulation asks.
import type { PredictModel } from '../domain/predict/types.ts'
import type { ArrivalStats } from './arrival-stats.ts'
import type { HandlingStats } from './handling-stats.ts'
import type { LocalClock } from './local-time.ts'
import type { OpenProfile } from './open-profile.ts'
import type { RateStats } from './rate-stats.ts'

export interface LearnedParts {
  clock: LocalClock
  handling: HandlingStats
  rates: RateStats
  arrivals: ArrivalStats
  open: OpenProfile
  /** Whether the hall issues tickets of `service` at `at` (opening hours); absent: always. */
  issuingOpen?: ((service: string, at: number) => boolean) | undefined
  /** Whether the hall issues any ticket at `at`; absent: unknown. */
  hallIssuing?: ((at: number) => boolean) | undefined
}

/** A model frozen at `now` (today's arrival level is read as of now). */
export function learnedModel(p: LearnedParts, now: number): PredictModel {
  const issuing = p.issuingOpen
  const midnight = p.clock.midnightOf(now)
  return {
    handling: (service, window, at) => p.handling.query(service, window, p.clock.hourOf(at)),
    noShow: (service) => p.rates.noShow(service),
    gapSec: () => p.rates.gapSec(),
    abandonPerSec: (service) => p.rates.abandonPerSec(service),
    arrivalRate(service, cls) {
      const rate = p.arrivals.rate(service, cls, now)
      return rate && issuing ? (at) => (issuing(service, at) ? rate(at) : 0) : rate
    },
    arrivalHorizon: () => midnight + 86_400_000,
    plannedChanges(from) {
      const plan = p.open.plannedChanges(from)
      const hallIssuing = p.hallIssuing
      if (!hallIssuing) return plan
      return plan.map((c) => (c.status === 'closed' ? { ...c, drain: !hallIssuing(c.at) } : c))
    },
    pauseRemainingSec: (_window, pausedSec) => p.rates.pauseRemainingSec(pausedSec),
  }
}
