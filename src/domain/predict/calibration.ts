// The error model: how far real waits fall from the simulated mean path, learned online.
// Residuals are log-ratios r = ln((actual + c) / (predicted + c)); the offset c keeps short waits
// from producing huge ratios. They are kept per horizon bucket (a 2-minute forecast errs
// differently from a 40-minute one), in a bounded window so the model follows the day.
// The point estimate is the calibrated median (MAE is minimised by the median); the interval is
// the calibrated 10th–90th percentile.

export interface CalibrationOptions {
  offsetSec: number // c
  bucketEdgesSec: number[] // upper edges of the horizon buckets (last bucket is open)
  window: number // residuals kept per bucket
  minSamples: number // below this, neighbouring buckets are pooled, then the prior fills in
  prior: { q10: number; q50: number; q90: number } // in log-ratio units
  priorWeight: number // prior counts as this many residuals when pooling
}

export const DEFAULT_CALIBRATION: CalibrationOptions = {
  offsetSec: 60,
  bucketEdgesSec: [60, 180, 360, 720, 1200, 1800, 3000],
  window: 1000,
  minSamples: 40,
  prior: { q10: -0.55, q50: 0, q90: 0.45 },
  priorWeight: 20,
}

export interface Calibration {
  opts: CalibrationOptions
  buckets: number[][] // residual ring per bucket (insertion order)
  cursors: number[]
  /** Sorted copies, rebuilt lazily after a change. */
  sorted: (number[] | null)[]
}

export function createCalibration(opts: CalibrationOptions = DEFAULT_CALIBRATION): Calibration {
  const n = opts.bucketEdgesSec.length + 1
  return {
    opts,
    buckets: Array.from({ length: n }, () => []),
    cursors: new Array(n).fill(0),
    sorted: new Array(n).fill(null),
  }
}

export function bucketOf(c: Calibration, predSec: number): number {
  const edges = c.opts.bucketEdgesSec
  let i = 0
  while (i < edges.length && predSec >= edges[i]!) i++
  return i
}

export const logRatio = (c: Calibration, predSec: number, actualSec: number): number =>
  Math.log((Math.max(0, actualSec) + c.opts.offsetSec) / (Math.max(0, predSec) + c.opts.offsetSec))

/** Records one finished forecast (mutates `c`: the ring buffers are the state). */
export function observe(c: Calibration, predSec: number, actualSec: number): void {
  const b = bucketOf(c, predSec)
  const ring = c.buckets[b]!
  const r = logRatio(c, predSec, actualSec)
  if (ring.length < c.opts.window) ring.push(r)
  else {
    ring[c.cursors[b]!] = r
    c.cursors[b] = (c.cursors[b]! + 1) % c.opts.window
  }
  c.sorted[b] = null
}

function sortedBucket(c: Calibration, b: number): number[] {
  let s = c.sorted[b]
  if (!s) c.sorted[b] = s = [...c.buckets[b]!].sort((x, y) => x - y)
  return s
}

const quantileOf = (sorted: number[], q: number): number => {
  const pos = q * (sorted.length - 1)
  const lo = Math.floor(pos)
  const hi = Math.min(sorted.length - 1, lo + 1)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)
}

export interface Quantiles {
  q10: number
  q50: number
  q90: number
}

/** Log-ratio quantiles for a forecast of `predSec`: its bucket, widened to neighbours when thin. */
export function quantilesFor(c: Calibration, predSec: number): Quantiles {
  const b = bucketOf(c, predSec)
  const n = c.buckets.length
  let lo = b
  let hi = b
  let count = c.buckets[b]!.length
  while (count < c.opts.minSamples && (lo > 0 || hi < n - 1)) {
    if (hi < n - 1) count += c.buckets[++hi]!.length
    if (count < c.opts.minSamples && lo > 0) count += c.buckets[--lo]!.length
  }
  const { prior, priorWeight } = c.opts
  if (count === 0) return { ...prior }
  const pooled = lo === hi ? sortedBucket(c, b) : pool(c, lo, hi)
  const w = count / (count + (count < c.opts.minSamples ? priorWeight : 0))
  const mix = (q: number, p: number): number => w * quantileOf(pooled, q) + (1 - w) * p
  return { q10: mix(0.1, prior.q10), q50: mix(0.5, prior.q50), q90: mix(0.9, prior.q90) }
}

function pool(c: Calibration, lo: number, hi: number): number[] {
  const all: number[] = []
  for (let i = lo; i <= hi; i++) all.push(...c.buckets[i]!)
  return all.sort((x, y) => x - y)
}

/** Applies a log-ratio quantile to a raw forecast: back to seconds, never negative. */
export const applyRatio = (c: Calibration, predSec: number, r: number): number =>
  Math.max(0, (Math.max(0, predSec) + c.opts.offsetSec) * Math.exp(r) - c.opts.offsetSec)

export function calibrated(
  c: Calibration,
  predSec: number,
  q: Quantiles = quantilesFor(c, predSec),
): { etaSec: number; p10: number; p90: number } {
  return {
    etaSec: applyRatio(c, predSec, q.q50),
    p10: applyRatio(c, predSec, q.q10),
    p90: applyRatio(c, predSec, q.q90),
  }
}

/** `calibrated` for many forecasts at once: the quantiles are read once per bucket. */
export function calibrator(c: Calibration): (predSec: number) => { etaSec: number; p10: number; p90: number } {
  const perBucket = new Map<number, Quantiles>()
  return (predSec) => {
    const b = bucketOf(c, predSec)
    let q = perBucket.get(b)
    if (!q) perBucket.set(b, (q = quantilesFor(c, predSec)))
    return calibrated(c, predSec, q)
  }
}
