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
export function nearestRank(values: readonly number[], fraction = 0.9): number | null {
  if (values.length === 0) return null
  return rankIn(Int32Array.from(values), 0, values.length, fraction)
}

/** Nearest rank of a[from, to) (reordered in place). */
function rankIn(a: Int32Array, from: number, to: number, fraction: number): number {
  const n = to - from
  return select(a, from, to - 1, from + Math.max(Math.ceil(fraction * n), 1) - 1)
}

/** The k-th smallest of a[lo..hi] by quickselect (Hoare partition). */
function select(a: Int32Array, lo: number, hi: number, k: number): number {
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

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1

/** The data as int32s: a view when the platform is little-endian (copied if unaligned). */
function int32s(data: Uint8Array): Int32Array {
  if (!LITTLE_ENDIAN) {
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
    return Int32Array.from({ length: data.byteLength / 4 }, (_, i) => view.getInt32(i * 4, true))
  }
  const aligned = data.byteOffset % 4 === 0 ? data : data.slice()
  return new Int32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 4)
}

/** Interns key strings as small numbers. */
class Keys {
  readonly names: string[] = []
  readonly #ids = new Map<string, number>()
  id(name: string): number {
    let id = this.#ids.get(name)
    if (id === undefined) this.#ids.set(name, (id = this.names.push(name) - 1))
    return id
  }
}

/** Key strings as the report rows join them (`key.join('\u0001')`). Decodes the days once into
 *  typed arrays (values and each dimension's key number), then per dimension and measure groups
 *  the values by key (counting sort) and selects each key's rank. */
export function samplePercentiles(
  days: readonly HallDaySamples[],
  dims: readonly PercentileDim[],
): Map<PercentileDim, Map<string, P90>> {
  const total = days.reduce((n, d) => n + d.data.byteLength / (WORDS * 4), 0)
  const wait = new Int32Array(total)
  const handle = new Int32Array(total)
  const keys = dims.map(() => new Keys())
  const keyOf = dims.map(() => new Int32Array(total))
  let at = 0
  for (const day of days) {
    const words = int32s(day.data)
    const n = day.data.byteLength / (WORDS * 4)
    // Per dimension: the key number of each service, window, clerk and hour code of this day.
    const maps = dims.map((d, i) => {
      const k = keys[i]!
      return {
        service: d === 'service' ? day.keys.services.map((s) => k.id(s)) : null,
        window: d === 'window' ? day.keys.windows.map((w) => k.id(`${day.hall}\u0001${w}`)) : null,
        clerk: d === 'clerk' ? day.keys.clerks.map((c) => k.id(c)) : null,
        hour: d === 'hour' ? Array.from({ length: 32 }, (_, h) => k.id(String(h))) : null,
        fixed: d === 'total' ? k.id('') : d === 'hall' ? k.id(day.hall) : -1,
      }
    })
    for (let i = 0; i < n; i++, at++) {
      const o = i * WORDS
      const sw = words[o]! >>> 0
      const ch = words[o + 1]! >>> 0
      wait[at] = words[o + 2]!
      handle[at] = words[o + 3]!
      for (let d = 0; d < maps.length; d++) {
        const m = maps[d]!
        keyOf[d]![at] = m.service
          ? m.service[sw >>> 16]!
          : m.window
            ? m.window[sw & 0xffff]!
            : m.clerk
              ? m.clerk[ch >>> 5]!
              : m.hour
                ? m.hour[ch & 31]!
                : m.fixed
      }
    }
  }
  const out = new Map<PercentileDim, Map<string, P90>>()
  dims.forEach((dim, d) => {
    const names = keys[d]!.names
    const ranks = [wait, handle].map((values) => ranksByKey(values, keyOf[d]!, names.length))
    const m = new Map<string, P90>()
    names.forEach((name, k) => {
      const p = { wait: ranks[0]![k]!, handle: ranks[1]![k]! }
      if (p.wait !== null || p.handle !== null) m.set(name, p)
    })
    out.set(dim, m)
  })
  return out
}

/** Each key's nearest-rank P90 of `values` (NULL skipped), by a counting sort on the key. */
function ranksByKey(values: Int32Array, keyOf: Int32Array, keys: number): (number | null)[] {
  const start = new Int32Array(keys + 1)
  for (let i = 0; i < values.length; i++) if (values[i] !== NULL) start[keyOf[i]! + 1]!++
  for (let k = 0; k < keys; k++) start[k + 1]! += start[k]!
  const grouped = new Int32Array(start[keys]!)
  const fill = start.slice(0, keys)
  for (let i = 0; i < values.length; i++) if (values[i] !== NULL) grouped[fill[keyOf[i]!]!++] = values[i]!
  const out: (number | null)[] = []
  for (let k = 0; k < keys; k++)
    out.push(start[k + 1]! > start[k]! ? rankIn(grouped, start[k]!, start[k + 1]!, 0.9) : null)
  return out
}
