// Small statistics helpers for the perf benchmarks.

export const median = (xs: number[]): number => {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/** Nearest-rank percentile (p in 0..100) of an unsorted sample. */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  const rank = Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length)))
  return s[rank - 1]!
}

/** Largest value (no spread: samples can hold millions). NaN when empty. */
export function maxOf(xs: number[]): number {
  let m = -Infinity
  for (const x of xs) if (x > m) m = x
  return xs.length ? m : NaN
}

export interface Summary {
  n: number
  p50: number
  p99: number
  max: number
}

export function summarize(xs: number[]): Summary {
  return { n: xs.length, p50: percentile(xs, 50), p99: percentile(xs, 99), max: maxOf(xs) }
}

/** Median of each field over runs. */
export function medianOf<K extends string>(runs: Record<K, number>[], keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, median(runs.map((r) => r[k]))])) as Record<K, number>
}

export const int = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–')
export const ms = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : '–')
export const ratio = (a: number, b: number): string => (b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(2)}×` : '–')
