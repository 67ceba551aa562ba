// A hall-day's wait and handling times, packed for exact percentiles over any range. Nearest-rank
// percentiles do not add up over days, and per-key histograms do not shrink (a window's ~25 waits
// a day are nearly all distinct seconds), so each day keeps its values, 16 bytes per called
// ticket: the report merges the days' values per key and selects the rank in memory, which costs
// a fraction of a SQL sort over the facts. Pure.
import type { TicketFact } from './ticket-facts.ts'

export interface SampleKeys {
  services: string[]
  windows: string[]
  clerks: string[]
}

export interface DaySamples {
  keys: SampleKeys
  data: Uint8Array
}

const WORDS = 4 // service·65536 + window, clerk·32 + hour, wait ms, handle ms
const NULL = -0x80000000 // int32 min: no value

export function encodeSamples(facts: readonly TicketFact[]): DaySamples {
  const keys: SampleKeys = { services: [], windows: [], clerks: [] }
  const index = (list: string[], seen: Map<string, number>, v: string): number => {
    let i = seen.get(v)
    if (i === undefined) {
      i = list.push(v) - 1
      if (i > 0xffff) throw new Error('stats samples: more than 65536 keys in a day')
      seen.set(v, i)
    }
    return i
  }
  const seen = { s: new Map<string, number>(), w: new Map<string, number>(), c: new Map<string, number>() }
  const kept = facts.filter((f) => f.waitMs !== null || f.handleMs !== null)
  const buf = new DataView(new ArrayBuffer(kept.length * WORDS * 4))
  kept.forEach((f, i) => {
    const o = i * WORDS * 4
    buf.setUint32(o, index(keys.services, seen.s, f.service) * 65536 + index(keys.windows, seen.w, f.window), true)
    buf.setUint32(o + 4, index(keys.clerks, seen.c, f.clerk) * 32 + f.hour, true)
    buf.setInt32(o + 8, f.waitMs ?? NULL, true)
    buf.setInt32(o + 12, f.handleMs ?? NULL, true)
  })
  return { keys, data: new Uint8Array(buf.buffer) }
}

/** Dimensions with percentiles and how a sample's key reads in each (the report's key columns). */
export const PERCENTILE_DIMS = ['total', 'hall', 'service', 'window', 'clerk', 'hour'] as const
export type PercentileDim = (typeof PERCENTILE_DIMS)[number]

export interface HallDaySamples extends DaySamples {
  hall: string
}

export interface P90 {
  wait: number | null
  handle: number | null
}

/** `percentile_disc(0.9)`: the value at rank ceil(0.9·n) of the sorted values (Postgres' own
 *  float arithmetic), so the answer equals the SQL over the facts exactly. */
export function nearestRank(values: number[], fraction = 0.9): number | null {
  if (values.length === 0) return null
  const k = Math.max(Math.ceil(fraction * values.length), 1) - 1
  return select(values, k)
}

/** The k-th smallest (0-based) by quickselect; reorders `a`. */
function select(a: number[], k: number): number {
  let lo = 0
  let hi = a.length - 1
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!
    let i = lo
    let j = hi
    while (i <= j) {
      while (a[i]! < pivot) i++
      while (a[j]! > pivot) j--
      if (i <= j) {
        const t = a[i]!
        a[i] = a[j]!
        a[j] = t
        i++
        j--
      }
    }
    if (k <= j) hi = j
    else if (k >= i) lo = i
    else break
  }
  return a[k]!
}

/** Key strings as the report rows join them (`key.join('\u0001')`). */
export function samplePercentiles(
  days: readonly HallDaySamples[],
  dims: readonly PercentileDim[],
): Map<PercentileDim, Map<string, P90>> {
  const waits = new Map<PercentileDim, Map<string, number[]>>(dims.map((d) => [d, new Map()]))
  const handles = new Map<PercentileDim, Map<string, number[]>>(dims.map((d) => [d, new Map()]))
  const push = (m: Map<string, number[]>, key: string, v: number): void => {
    const list = m.get(key)
    if (list) list.push(v)
    else m.set(key, [v])
  }
  for (const day of days) {
    const view = new DataView(day.data.buffer, day.data.byteOffset, day.data.byteLength)
    const n = day.data.byteLength / (WORDS * 4)
    // Each dimension's key of every (service, window, clerk, hour) code, looked up once per code.
    const keyOf: Record<PercentileDim, (sw: number, ch: number) => string> = {
      total: () => '',
      hall: () => day.hall,
      service: (sw) => day.keys.services[Math.floor(sw / 65536)]!,
      window: (sw) => `${day.hall}\u0001${day.keys.windows[sw % 65536]!}`,
      clerk: (_, ch) => day.keys.clerks[Math.floor(ch / 32)]!,
      hour: (_, ch) => String(ch % 32),
    }
    const targets = dims.map((d) => {
      const cache = new Map<number, string>()
      const w = waits.get(d)!
      const h = handles.get(d)!
      const usesSw = d === 'service' || d === 'window'
      return (sw: number, ch: number, wait: number, handle: number) => {
        const code = usesSw ? sw : ch
        let key = cache.get(code)
        if (key === undefined) cache.set(code, (key = keyOf[d](sw, ch)))
        if (wait !== NULL) push(w, key, wait)
        if (handle !== NULL) push(h, key, handle)
      }
    })
    for (let i = 0; i < n; i++) {
      const o = i * WORDS * 4
      const sw = view.getUint32(o, true)
      const ch = view.getUint32(o + 4, true)
      const wait = view.getInt32(o + 8, true)
      const handle = view.getInt32(o + 12, true)
      for (const add of targets) add(sw, ch, wait, handle)
    }
  }
  const out = new Map<PercentileDim, Map<string, P90>>()
  for (const d of dims) {
    const m = new Map<string, P90>()
    for (const [key, values] of waits.get(d)!) m.set(key, { wait: nearestRank(values), handle: null })
    for (const [key, values] of handles.get(d)!) {
      const p = m.get(key)
      if (p) p.handle = nearestRank(values)
      else m.set(key, { wait: null, handle: nearestRank(values) })
    }
    out.set(d, m)
  }
  return out
}
