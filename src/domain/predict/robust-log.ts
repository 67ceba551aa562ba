// An online location/scale estimator in log space that a single absurd value cannot wreck:
// a Huber M-estimator updated one observation at a time, with exponential forgetting.
// A 2-hour service left open by mistake is 3–4 scale units above a 10-minute median; its pull
// is clipped at K units, so it moves the estimate by at most K·sigma/window (≈2% at the defaults).

/** Huber's tuning constant: 95% efficiency under normal errors. */
export const HUBER_K = 1.5
/** E[min(z², K²)] for a standard normal z: keeps the clipped scale estimate consistent. */
const HUBER_BETA = 0.7785

export interface RobustLog {
  mu: number // log-location (≈ ln of the median)
  sigma: number // log-scale
  n: number // effective sample size (prior pseudo-count included), capped at `memory`
}

export interface RobustLogOptions {
  memory: number // forgetting horizon in observations (weight of a new one is 1/min(n+1, memory))
  minSigma: number
  maxSigma: number
}

export const DEFAULT_ROBUST: RobustLogOptions = { memory: 60, minSigma: 0.05, maxSigma: 2.5 }

export const robustFromPrior = (mu: number, sigma: number, pseudoCount: number): RobustLog => ({
  mu,
  sigma,
  n: pseudoCount,
})

/** One observation `x` (> 0, in natural units). Returns a new state. */
export function robustUpdate(s: RobustLog, x: number, opts: RobustLogOptions = DEFAULT_ROBUST): RobustLog {
  if (!(x > 0) || !Number.isFinite(x)) return s
  const w = 1 / Math.min(s.n + 1, opts.memory)
  const z = (Math.log(x) - s.mu) / s.sigma
  const psi = Math.max(-HUBER_K, Math.min(HUBER_K, z))
  const mu = s.mu + w * psi * s.sigma
  const clippedSq = Math.min(z * z, HUBER_K * HUBER_K)
  const variance = s.sigma * s.sigma * (1 + w * (clippedSq / HUBER_BETA - 1))
  const sigma = Math.min(opts.maxSigma, Math.max(opts.minSigma, Math.sqrt(variance)))
  return { mu, sigma, n: Math.min(s.n + 1, opts.memory) }
}

/** Location-only variant for effects (residuals already in log units): a clipped running mean. */
export interface RobustEffect {
  value: number
  n: number
}

export function effectUpdate(e: RobustEffect, residual: number, scale: number, memory = 60): RobustEffect {
  const w = 1 / Math.min(e.n + 1, memory)
  const clip = HUBER_K * Math.max(scale, 0.05)
  const r = Math.max(-clip, Math.min(clip, residual - e.value))
  return { value: e.value + w * r, n: Math.min(e.n + 1, memory) }
}

/** Shrinks an effect towards zero while it rests on few observations. */
export const shrunk = (e: RobustEffect | undefined, pseudo: number): number =>
  e ? (e.value * e.n) / (e.n + pseudo) : 0
