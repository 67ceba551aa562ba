// Forwards a hall's events strictly in seq order, with no gaps and no duplicates.
//
// Pub/sub is at-most-once and two core instances may publish out of order, so an event can arrive
// with seq > last + 1. The gate then fetches the missing ones from the store (`eventsSince`) before
// forwarding it; an event with seq <= last is a duplicate (already fetched or replayed) and dropped.
// Work is serialised on one promise chain, so a slow repair holds back later events instead of
// letting them overtake it.
import type { QueueEvent } from '../domain/types.ts'

export interface SeqGateHooks {
  /** Events with seq > since, ascending, at most `limit` (QueueStore.eventsSince). */
  fetchSince(since: number, limit: number): Promise<QueueEvent[]>
  deliver(event: QueueEvent): void
  /**
   * The missing events could not be fetched (trimmed from the stream, too many, or the store
   * failed). Returns the new baseline seq (e.g. of a fresh snapshot just sent), or null to go on
   * from `event` as if nothing was missing.
   */
  lost(event: QueueEvent, last: number): Promise<number | null>
  /** A hook threw; the gate goes on with the next event. */
  error?(err: unknown): void
}

/** The largest gap repaired from the store; beyond it the consumer is better served by a snapshot. */
export const MAX_REPAIR = 1000

export class SeqGate {
  private last: number | null = null
  private started = false
  private closed = false
  private buffered: QueueEvent[] = []
  private chain: Promise<void> = Promise.resolve()
  /** Events on the chain, not handled yet (a repair in progress, or waiting behind one). */
  private queued = 0

  constructor(
    private readonly hooks: SeqGateHooks,
    private readonly maxRepair = MAX_REPAIR,
  ) {}

  /** Seq of the last event forwarded (or of the baseline), null before the first event. */
  get lastSeq(): number | null {
    return this.last
  }

  /**
   * Until `start` is called, events are only buffered: a consumer subscribes first, then reads its
   * baseline (snapshot or replay), then starts the gate at that seq, so the seam loses nothing.
   * Without `start`, the first event sets the baseline (a shared feed has no baseline of its own).
   */
  start(baseline: number | null): void {
    if (this.started) return
    this.started = true
    this.last = baseline
    const pending = this.buffered
    this.buffered = []
    for (const e of pending) this.enqueue(e)
  }

  push(event: QueueEvent): void {
    if (this.closed) return
    if (!this.started) this.buffered.push(event)
    else this.enqueue(event)
  }

  /** Resolves when everything pushed so far has been handled (tests, shutdown). */
  idle(): Promise<void> {
    return this.chain
  }

  close(): void {
    this.closed = true
    this.buffered = []
  }

  private enqueue(event: QueueEvent): void {
    // The common case — nothing queued ahead, nothing missing — is forwarded at once: a promise per
    // event per consumer (every live socket has a gate) was a measurable part of the fan-out.
    if (this.queued === 0 && (this.last === null || event.seq <= this.last + 1)) {
      try {
        this.forward(event)
      } catch (err) {
        this.hooks.error?.(err)
      }
      return
    }
    this.queued++
    // The catch keeps the chain alive: one failed delivery must not stall every later event.
    this.chain = this.chain
      .then(() => this.handle(event, 0))
      .catch((err: unknown) => this.hooks.error?.(err))
      .then(() => void this.queued--)
  }

  private async handle(event: QueueEvent, attempt: number): Promise<void> {
    if (this.closed) return
    const last = this.last
    if (last === null || event.seq === last + 1) return this.forward(event)
    if (event.seq <= last) return // duplicate
    const missing = await this.fetchMissing(last, event.seq - last - 1)
    if (this.closed) return
    if (missing) {
      for (const e of missing) this.forward(e)
      return this.forward(event)
    }
    const baseline = await this.hooks.lost(event, last).catch(() => null)
    if (this.closed) return
    if (baseline === null || attempt > 0) return this.forward(event)
    this.last = baseline
    return this.handle(event, attempt + 1)
  }

  /** The `count` events after `last`, or null when the store cannot give all of them. */
  private async fetchMissing(last: number, count: number): Promise<QueueEvent[] | null> {
    if (count > this.maxRepair) return null
    let events: QueueEvent[]
    try {
      events = await this.hooks.fetchSince(last, count)
    } catch {
      return null
    }
    if (events.length !== count) return null
    return events.every((e, i) => e.seq === last + 1 + i) ? events : null
  }

  private forward(event: QueueEvent): void {
    if (this.last !== null && event.seq <= this.last) return
    this.last = event.seq
    this.hooks.deliver(event)
  }
}
