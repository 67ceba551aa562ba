// The queues inside the forward simulation: per queue id, one array per class band, each in
// calling order (orderAt, then id) with a head index, so taking a ticket is O(1).
import type { QueueId } from '../types.ts'

export type SimKind = 'real' | 'ghost' | 'phantom'

/** A ticket inside the simulation. Ghosts probe "a new ticket issued now"; phantoms are
 *  expected future arrivals that may overtake (priority classes, non-FIFO policies). */
export interface SimTicket {
  id: string
  service: string
  cls: string
  band: number
  orderAt: number
  kind: SimKind
  enteredAt: number // since when it is known to wait (now for real tickets, arrival for phantoms)
}

interface Band {
  items: SimTicket[]
  head: number
}

export class SimQueues {
  private readonly queues = new Map<QueueId, Band[]>()

  constructor(private readonly bandCount: number) {}

  private bandsOf(q: QueueId): Band[] {
    let bands = this.queues.get(q)
    if (!bands) {
      bands = Array.from({ length: this.bandCount }, () => ({ items: [], head: 0 }))
      this.queues.set(q, bands)
    }
    return bands
  }

  /** Loads real tickets; call `seal()` once all are in, before ghosts and phantoms. */
  load(q: QueueId, t: SimTicket): void {
    this.bandsOf(q)[t.band]!.items.push(t)
  }

  seal(): void {
    for (const bands of this.queues.values()) {
      for (const b of bands) b.items.sort((x, y) => x.orderAt - y.orderAt || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
    }
  }

  /** Inserts keeping order; new tickets are nearly always the latest, so search from the end. */
  insert(q: QueueId, t: SimTicket): void {
    const band = this.bandsOf(q)[t.band]!
    const items = band.items
    let i = items.length
    while (i > band.head && items[i - 1]!.orderAt > t.orderAt) i--
    if (i === items.length) items.push(t)
    else items.splice(i, 0, t)
  }

  head(q: QueueId, band: number): SimTicket | undefined {
    const b = this.queues.get(q)?.[band]
    return b ? b.items[b.head] : undefined
  }

  /** Removes the head of (q, band). */
  pop(q: QueueId, band: number): SimTicket | undefined {
    const b = this.queues.get(q)?.[band]
    if (!b || b.head >= b.items.length) return undefined
    return b.items[b.head++]
  }

  size(q: QueueId): number {
    const bands = this.queues.get(q)
    if (!bands) return 0
    let n = 0
    for (const b of bands) n += b.items.length - b.head
    return n
  }
}
