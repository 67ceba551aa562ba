// The expected-value Draw: every ticket takes its expected occupancy, weighted by the chance
// the citizen is still there when called, and new tickets arrive on the expected schedule.
import type { Draw } from './forward-sim.ts'
import { HORIZON_MS } from './forward-sim.ts'
import { lognormalResidualMean, muForMean } from './lognormal.ts'
import type { PredictModel, WindowInput } from './types.ts'

/** Arrival rates are read in steps of this length when integrating the expected schedule. */
export const RATE_STEP_MS = 5 * 60_000

export function meanPathDraw(model: PredictModel, now: number): Draw {
  const until = Math.min(now + HORIZON_MS, model.arrivalHorizon(now))
  return {
    occupancy(t, window, at) {
      const h = model.handling(t.service, window, at)
      const ns = model.noShow(t.service)
      const present = Math.exp((-model.abandonPerSec(t.service) * (at - t.enteredAt)) / 1000)
      return present * ((1 - ns.rate) * h.meanSec + ns.rate * ns.meanSec + model.gapSec(window))
    },
    currentRemaining: (w, at) => expectedRemaining(model, w, at),
    nextArrival(stream, after, first) {
      // The k-th expected arrival is where the cumulative intensity reaches k - 1/2, so that the
      // count of phantoms up to any time is the expected count, rounded.
      return afterIntensity(stream.rate, after, first ? 0.5 : 1, until)
    },
  }
}

/** A service running far past its usual length is probably finished but not yet closed in the
 *  system, so the expected remainder is capped at one mean handling time. */
export function expectedRemaining(model: PredictModel, w: WindowInput, now: number): number {
  const cur = w.current
  if (!cur) return 0
  const h = model.handling(cur.service, w.id, cur.calledAt)
  const elapsed = Math.max(0, (now - cur.calledAt) / 1000)
  let rest = lognormalResidualMean(muForMean(h.meanSec, h.sigma), h.sigma, elapsed)
  if (!Number.isFinite(rest)) rest = h.meanSec / 2
  rest = Math.min(rest, h.meanSec)
  if (!cur.serving) {
    const ns = model.noShow(cur.service)
    rest = (1 - ns.rate) * rest + ns.rate * Math.max(0, ns.meanSec - elapsed)
  }
  return rest + model.gapSec(w.id)
}

/** The time at which the expected number of arrivals after `from` reaches `target`. */
export function afterIntensity(rateAt: (at: number) => number, from: number, target: number, until: number): number {
  let t = from
  let acc = 0
  while (t < until) {
    const step = RATE_STEP_MS - (t % RATE_STEP_MS) || RATE_STEP_MS
    const rate = rateAt(t)
    const gain = (rate * step) / 1000
    if (rate > 0 && acc + gain >= target) return t + ((target - acc) / rate) * 1000
    acc += gain
    t += step
  }
  return Infinity
}
