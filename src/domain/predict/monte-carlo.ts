// The alternative to the mean path plus an error model: run the same forward simulation many
// times with random handling times, no-shows, departures and arrivals, and read the 10th, 50th
// and 90th percentiles of each ticket's simulated wait. Kept for the comparison recorded in
// docs/decisions/0004-predictor.md (the mean path won: see there why).
import type { HallRuntime } from '../types.ts'
import type { Draw } from './forward-sim.ts'
import { HORIZON_MS, simulate } from './forward-sim.ts'
import { afterIntensity } from './mean-path.ts'
import { muForMean, normalCdf, normalQuantile } from './lognormal.ts'
import type { Eta, PredictModel, PredictSnapshot } from './types.ts'

/** Log-scale of no-show waiting times (the clerk's recall routine varies little). */
const NO_SHOW_SIGMA = 0.4

export function randomDraw(model: PredictModel, now: number, random: () => number): Draw {
  const until = Math.min(now + HORIZON_MS, model.arrivalHorizon(now))
  const lognormal = (mean: number, sigma: number): number =>
    Math.exp(muForMean(mean, sigma) + sigma * normalQuantile(random()))
  return {
    occupancy(t, window, at) {
      if (random() > Math.exp((-model.abandonPerSec(t.service) * (at - t.enteredAt)) / 1000)) return 0
      const ns = model.noShow(t.service)
      const gap = -model.gapSec(window) * Math.log(1 - random())
      if (random() < ns.rate) return lognormal(ns.meanSec, NO_SHOW_SIGMA) + gap
      const h = model.handling(t.service, window, at)
      return lognormal(h.meanSec, h.sigma) + gap
    },
    currentRemaining(w, at) {
      const cur = w.current!
      const h = model.handling(cur.service, w.id, cur.calledAt)
      const mu = muForMean(h.meanSec, h.sigma)
      const elapsed = Math.max(1, (at - cur.calledAt) / 1000)
      // Sample the total duration conditional on it exceeding what has already elapsed.
      const u0 = normalCdf((Math.log(elapsed) - mu) / h.sigma)
      const total = Math.exp(mu + h.sigma * normalQuantile(u0 + random() * (1 - u0)))
      return Math.min(total - elapsed, 2 * h.meanSec) + model.gapSec(w.id)
    },
    nextArrival: (stream, after) => afterIntensity(stream.rate, after, -Math.log(1 - random()), until),
  }
}

/** Per waiting ticket: percentiles of the simulated wait (seconds) over `runs` random runs. */
export function monteCarlo(
  rt: HallRuntime,
  snap: PredictSnapshot,
  model: PredictModel,
  runs: number,
  random: () => number,
): Map<string, Eta> {
  const samples = new Map<string, number[]>(snap.waiting.map((t) => [t.id, []]))
  for (let r = 0; r < runs; r++) {
    const { callAt } = simulate(rt, snap, model, randomDraw(model, snap.now, random), [])
    for (const [id, list] of samples)
      list.push(Math.max(0, ((callAt.get(id) ?? snap.now + HORIZON_MS) - snap.now) / 1000))
  }
  const out = new Map<string, Eta>()
  for (const [id, list] of samples) {
    list.sort((a, b) => a - b)
    const at = (q: number): number => list[Math.min(list.length - 1, Math.floor(q * list.length))]!
    out.set(id, { etaSec: at(0.5), p10: at(0.1), p90: at(0.9) })
  }
  return out
}
