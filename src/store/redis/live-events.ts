// Live events across core instances: every script PUBLISHes each event on the hall's channel.
// One subscriber connection serves all halls; each listener has its own cursor, starts after the
// seq it saw when subscribing, never gets an event twice, and has gaps filled from the stream.
import type { Cluster, Redis } from 'ioredis'
import type { QueueEvent } from '../../domain/types.ts'
import type { EventListener } from '../port.ts'

interface Cursor {
  hall: string
  listener: EventListener
  lastSeq: number
  chain: Promise<void> // deliveries in order, one at a time
}

export interface LiveSource {
  channel(hall: string): string
  lastSeq(hall: string): Promise<number>
  since(hall: string, seq: number, limit: number): Promise<QueueEvent[]>
}

export class LiveEvents {
  private subscriber: Redis | Cluster | null
  private readonly cursors = new Map<string, Set<Cursor>>() // channel → cursors

  constructor(
    private readonly source: LiveSource,
    private readonly makeSubscriber: () => Redis | Cluster,
    given?: Redis | Cluster,
  ) {
    this.subscriber = given ?? null
    if (given) this.listen(given)
  }

  async subscribe(hall: string, listener: EventListener): Promise<() => Promise<void>> {
    const channel = this.source.channel(hall)
    const cursor: Cursor = { hall, listener, lastSeq: await this.source.lastSeq(hall), chain: Promise.resolve() }
    let set = this.cursors.get(channel)
    if (!set) {
      this.cursors.set(channel, (set = new Set()))
      await this.connection().subscribe(channel)
    }
    set.add(cursor)
    return async () => {
      set.delete(cursor)
      if (set.size === 0 && this.cursors.get(channel) === set) {
        this.cursors.delete(channel)
        await this.subscriber?.unsubscribe(channel)
      }
    }
  }

  async close(): Promise<void> {
    this.cursors.clear()
    if (this.subscriber) await this.subscriber.quit().catch(() => undefined)
    this.subscriber = null
  }

  private connection(): Redis | Cluster {
    if (!this.subscriber) {
      this.subscriber = this.makeSubscriber()
      this.listen(this.subscriber)
    }
    return this.subscriber
  }

  private listen(sub: Redis | Cluster): void {
    sub.on('message', (channel: string, message: string) => {
      const set = this.cursors.get(channel)
      if (!set) return
      const event = JSON.parse(message) as QueueEvent
      for (const c of set) c.chain = c.chain.then(() => this.deliver(c, event))
    })
  }

  private async deliver(c: Cursor, event: QueueEvent): Promise<void> {
    if (event.seq <= c.lastSeq) return
    if (event.seq > c.lastSeq + 1) {
      // Missed messages (subscribe race, reconnect): read them from the stream, in order.
      const missing = await this.source.since(c.hall, c.lastSeq, event.seq - c.lastSeq - 1).catch(() => [])
      for (const e of missing) this.emit(c, e)
    }
    this.emit(c, event)
  }

  private emit(c: Cursor, event: QueueEvent): void {
    if (event.seq <= c.lastSeq) return
    c.lastSeq = event.seq
    try {
      c.listener(event)
    } catch {
      // A failing listener must not stop delivery to the others.
    }
  }
}
