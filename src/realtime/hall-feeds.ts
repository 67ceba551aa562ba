// One store subscription per hall per core instance, shared (ref-counted) by every live socket of
// that hall. The feed repairs gaps once for all its sockets; each socket still guards its own
// sequence (see LiveSession), which covers the seam between its snapshot and the feed.
import type { QueueEvent } from '../domain/types.ts'
import type { QueueStore } from '../store/port.ts'
import { SeqGate } from './seq-gate.ts'

export type FeedListener = (event: QueueEvent) => void

interface Feed {
  listeners: Set<FeedListener>
  gate: SeqGate
  /** Resolves once the store subscription is live; holds its unsubscribe function. */
  ready: Promise<() => Promise<void>>
}

export interface FeedLog {
  warn(obj: object, msg: string): void
}

export class HallFeeds {
  private readonly feeds = new Map<string, Feed>()

  constructor(
    private readonly store: QueueStore,
    private readonly log?: FeedLog,
  ) {}

  /** Halls with at least one listener on this instance. */
  halls(): string[] {
    return [...this.feeds.keys()]
  }

  /**
   * Adds a listener to the hall's feed, subscribing to the store on first use. Resolves only when
   * the store subscription is live, so a snapshot taken afterwards cannot miss an event.
   * Returns the release function (idempotent).
   */
  async acquire(hall: string, listener: FeedListener): Promise<() => Promise<void>> {
    let feed = this.feeds.get(hall)
    if (!feed) feed = this.open(hall)
    feed.listeners.add(listener)
    try {
      await feed.ready
    } catch (err) {
      feed.listeners.delete(listener)
      throw err
    }
    let released = false
    return async () => {
      if (released) return
      released = true
      await this.release(hall, feed, listener)
    }
  }

  /** Drops every feed (shutdown). */
  async closeAll(): Promise<void> {
    const all = [...this.feeds.entries()]
    this.feeds.clear()
    await Promise.all(all.map(([hall, feed]) => this.unsubscribe(hall, feed)))
  }

  private open(hall: string): Feed {
    const listeners = new Set<FeedListener>()
    const gate = new SeqGate({
      fetchSince: (since, limit) => this.store.eventsSince(hall, since, limit),
      deliver: (event) => {
        for (const l of [...listeners]) l(event)
      },
      // Pass the event on: each socket's own gate notices the gap and resyncs with a snapshot.
      lost: async (event, last) => {
        this.log?.warn({ hall, last, seq: event.seq }, 'live feed: missing events could not be fetched')
        return null
      },
      error: (err) => this.log?.warn({ hall, err }, 'live feed: listener failed'),
    })
    gate.start(null)
    const ready = this.store.subscribe(hall, (event) => gate.push(event))
    const feed: Feed = { listeners, gate, ready }
    this.feeds.set(hall, feed)
    // A failed subscription must not stay cached: the next socket tries again.
    ready.catch(() => {
      if (this.feeds.get(hall) === feed) this.feeds.delete(hall)
    })
    return feed
  }

  private async release(hall: string, feed: Feed, listener: FeedListener): Promise<void> {
    feed.listeners.delete(listener)
    if (feed.listeners.size > 0 || this.feeds.get(hall) !== feed) return
    this.feeds.delete(hall)
    await this.unsubscribe(hall, feed)
  }

  private async unsubscribe(hall: string, feed: Feed): Promise<void> {
    feed.gate.close()
    try {
      const off = await feed.ready
      await off()
    } catch (err) {
      this.log?.warn({ hall, err }, 'live feed: unsubscribe failed')
    }
  }
}
