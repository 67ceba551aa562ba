// Lognormal helpers for handling times. Service times in halls have a long right tail, so the
// learned statistics live in log space: mu = mean of ln(seconds), sigma = its spread.

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 via erf; error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2
  const t = 1 / (1 + 0.3275911 * x)
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
  const erf = 1 - poly * Math.exp(-x * x)
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf)
}

/** Mean of a lognormal with log-location mu and log-scale sigma. */
export const lognormalMean = (mu: number, sigma: number): number => Math.exp(mu + (sigma * sigma) / 2)

/** mu such that the lognormal has the given mean. */
export const muForMean = (meanSec: number, sigma: number): number =>
  Math.log(Math.max(1e-3, meanSec)) - (sigma * sigma) / 2

/**
 * Expected remaining time of a lognormal duration that has already lasted `elapsed`:
 * E[T - a | T > a] = mean * Φ((mu + σ² - ln a)/σ) / Φ((mu - ln a)/σ) - a.
 * Past the far tail the ratio is numerically meaningless; the caller caps the result.
 */
export function lognormalResidualMean(mu: number, sigma: number, elapsed: number): number {
  const mean = lognormalMean(mu, sigma)
  if (elapsed <= 0) return mean
  const la = Math.log(elapsed)
  const survival = normalCdf((mu - la) / sigma)
  if (survival < 1e-9) return Number.NaN
  const partial = normalCdf((mu + sigma * sigma - la) / sigma)
  return Math.max(0, (mean * partial) / survival - elapsed)
}

/** Draws a standard normal from two uniforms in (0,1] (Box–Muller). */
export const gaussian = (u1: number, u2: number): number =>
  Math.sqrt(-2 * Math.log(Math.max(u1, 1e-12))) * Math.cos(2 * Math.PI * u2)

/** Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
    2.506628277459239,
  ]
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1]
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ]
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416]
  const q = Math.min(1 - 1e-12, Math.max(1e-12, p))
  const low = 0.02425
  if (q < low) {
    const r = Math.sqrt(-2 * Math.log(q))
    return (
      (((((c[0]! * r + c[1]!) * r + c[2]!) * r + c[3]!) * r + c[4]!) * r + c[5]!) /
      ((((d[0]! * r + d[1]!) * r + d[2]!) * r + d[3]!) * r + 1)
    )
  }
  if (q > 1 - low) return -normalQuantile(1 - q)
  const r = q - 0.5
  const s = r * r
  return (
    ((((((a[0]! * s + a[1]!) * s + a[2]!) * s + a[3]!) * s + a[4]!) * s + a[5]!) * r) /
    (((((b[0]! * s + b[1]!) * s + b[2]!) * s + b[3]!) * s + b[4]!) * s + 1)
  )
}
