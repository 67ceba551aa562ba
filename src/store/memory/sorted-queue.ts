// A waiting queue ordered like the Redis sorted sets: class band, then orderAt, then ticket id.

export interface QueueEntry {
  id: string
  band: number
  orderAt: number
}

const before = (a: QueueEntry, b: QueueEntry): boolean =>
  a.band !== b.band ? a.band < b.band : a.orderAt !== b.orderAt ? a.orderAt < b.orderAt : a.id < b.id

export class SortedQueue {
  private readonly entries: QueueEntry[] = []

  get size(): number {
    return this.entries.length
  }

  insert(entry: QueueEntry): void {
    let lo = 0
    let hi = this.entries.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (before(this.entries[mid]!, entry)) lo = mid + 1
      else hi = mid
    }
    this.entries.splice(lo, 0, entry)
  }

  remove(id: string): boolean {
    const i = this.entries.findIndex((e) => e.id === id)
    if (i < 0) return false
    this.entries.splice(i, 1)
    return true
  }

  /** Number of entries ordered before `id` (its 0-based rank), or -1. */
  rank(id: string): number {
    return this.entries.findIndex((e) => e.id === id)
  }

  /** Entries that would be ordered before a new entry. */
  countBefore(entry: QueueEntry): number {
    let n = 0
    for (const e of this.entries) if (before(e, entry)) n++
    return n
  }

  /** The oldest entry of each band present. */
  heads(): QueueEntry[] {
    const seen = new Set<number>()
    const out: QueueEntry[] = []
    for (const e of this.entries) {
      if (!seen.has(e.band)) {
        seen.add(e.band)
        out.push(e)
      }
    }
    return out
  }

  all(): readonly QueueEntry[] {
    return this.entries
  }
}
