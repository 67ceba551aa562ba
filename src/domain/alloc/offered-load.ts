// The modified offered load (MOL): Erlang formulas assume a steady arrival rate, but a hall's rate
// climbs into the 10:00 peak and falls after it. The load that really sits at the windows lags the
// arrivals by about one service time: m(t) = ∫ λ(t−u) P(S > u) du, the number busy in a hall with
// unlimited windows (Jennings, Mandelbaum, Massey & Whitt 1996). Staffing each slot with Erlang at
// load m(t) instead of λ(t)·E[S] staffs the ramp-up later and the ramp-down later, as the work
// really arrives at the windows.

import { normalCdf } from '../predict/lognormal.ts'

export const SLOT_SEC = 900 // 15 minutes
export const SLOTS_PER_DAY = 96

/** P(S > u) for a handling time S. */
export type Survival = (u: number) => number

export const exponentialSurvival =
  (meanSec: number): Survival =>
  (u) =>
    Math.exp(-u / meanSec)

/** Lognormal with the given mean and log-scale sigma (hall handling times have a long tail). */
export const lognormalSurvival = (meanSec: number, sigma: number): Survival => {
  const mu = Math.log(meanSec) - (sigma * sigma) / 2
  return (u) => (u <= 0 ? 1 : 1 - normalCdf((Math.log(u) - mu) / sigma))
}

const STEP_SEC = 60

/**
 * Mean load (Erlangs) in each slot, from arrivals per slot. Arrivals before the first slot are
 * taken as none (a hall opens empty). Computed on a one-minute grid, each slot's arrivals spread
 * evenly over it.
 */
export function modifiedOfferedLoad(
  arrivalsPerSlot: readonly number[],
  survival: Survival,
  slotSec = SLOT_SEC,
): number[] {
  const stepsPerSlot = Math.round(slotSec / STEP_SEC)
  const perStep = arrivalsPerSlot.flatMap((n) => new Array<number>(stepsPerSlot).fill(n / stepsPerSlot))
  // Survival at the middle of each lag step, up to where it no longer matters.
  const kernel: number[] = []
  for (let k = 0; k < perStep.length; k++) {
    const s = survival((k + 0.5) * STEP_SEC)
    if (s < 1e-6) break
    kernel.push(s)
  }
  const load: number[] = []
  for (let slot = 0; slot < arrivalsPerSlot.length; slot++) {
    let sum = 0
    for (let i = slot * stepsPerSlot; i < (slot + 1) * stepsPerSlot; i++) {
      let m = 0
      for (let k = 0; k < kernel.length && k <= i; k++) m += perStep[i - k]! * kernel[k]!
      // perStep is arrivals per step; busy count = arrivals × step length × survival / step length.
      sum += m
    }
    load.push(sum / stepsPerSlot)
  }
  return load
}

/** The plain (stationary) offered load per slot, λ·E[S], for comparison. */
export function stationaryOfferedLoad(
  arrivalsPerSlot: readonly number[],
  meanServiceSec: number,
  slotSec = SLOT_SEC,
): number[] {
  return arrivalsPerSlot.map((n) => (n / slotSec) * meanServiceSec)
}
