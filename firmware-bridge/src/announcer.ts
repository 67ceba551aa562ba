// The hall's announcement queue: announcements play one at a time, in call order (event seq),
// never two at once. `play` resolves when every speaker of the hall has finished (or given up);
// only then does the next one start. Calls that waited too long are dropped as stale.
import type { Logger } from 'pino'
import { RecentIds } from './protocol/recent-ids.ts'

export interface QueuedAnnouncement<T> {
  seq: number
  at: number // when it was queued (ms)
  item: T
}

export class Announcer<T> {
  private readonly queue: QueuedAnnouncement<T>[] = []
  private running: Promise<void> | null = null
  private readonly seen = new RecentIds(512) // seqs already queued: QoS 1 redeliveries play once
  private stopped = false

  constructor(
    private readonly play: (item: T, seq: number) => Promise<void>,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
    private readonly maxAgeMs = 120_000,
  ) {}

  /** Queues by seq (a late-arriving earlier call goes before later ones still waiting). */
  enqueue(seq: number, item: T): void {
    if (this.stopped || !this.seen.add(String(seq))) return
    const entry = { seq, at: this.now(), item }
    const i = this.queue.findIndex((q) => q.seq > seq)
    if (i === -1) this.queue.push(entry)
    else this.queue.splice(i, 0, entry)
    this.running ??= this.drain()
  }

  get pending(): number {
    return this.queue.length
  }

  /** Resolves when the queue is empty and nothing plays. */
  async idle(): Promise<void> {
    while (this.running) await this.running
  }

  stop(): void {
    this.stopped = true
    this.queue.length = 0
  }

  private async drain(): Promise<void> {
    try {
      for (let next = this.queue.shift(); next && !this.stopped; next = this.queue.shift()) {
        if (this.now() - next.at > this.maxAgeMs) {
          this.log.warn({ seq: next.seq }, 'announcement dropped: waited too long')
          continue
        }
        try {
          await this.play(next.item, next.seq)
        } catch (err) {
          this.log.error({ err, seq: next.seq }, 'announcement failed')
        }
      }
    } finally {
      this.running = null
    }
  }
}
