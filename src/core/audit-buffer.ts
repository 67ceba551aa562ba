// Audit entries are written off the request path: buffered in memory and flushed in batches, so a
// slow or stopped Postgres never delays a clerk's call. A long outage fills the bounded buffer;
// past that the oldest entries are dropped and counted (logged), never the queue operation itself.
import type { AuditEntry } from '../db/repos/audit.ts'

export interface AuditBufferOptions {
  write: (entries: AuditEntry[]) => Promise<void>
  onError: (err: unknown, pending: number) => void
  onDrop: (dropped: number) => void
  flushMs?: number
  maxPending?: number
  batch?: number
}

export class AuditBuffer {
  private pending: AuditEntry[] = []
  private timer: NodeJS.Timeout | null = null
  private flushing: Promise<void> | null = null

  constructor(private readonly opts: AuditBufferOptions) {}

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.opts.flushMs ?? 1000)
    this.timer.unref()
  }

  add(entry: AuditEntry): void {
    this.pending.push({ ...entry, at: entry.at ?? new Date() })
    const max = this.opts.maxPending ?? 100_000
    if (this.pending.length > max) {
      const dropped = this.pending.length - max
      this.pending.splice(0, dropped)
      this.opts.onDrop(dropped)
    }
  }

  get size(): number {
    return this.pending.length
  }

  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => (this.flushing = null))
    return this.flushing
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.slice(0, this.opts.batch ?? 500)
      try {
        await this.opts.write(batch)
      } catch (err) {
        this.opts.onError(err, this.pending.length)
        return // retried on the next tick; entries stay in order
      }
      this.pending.splice(0, batch.length)
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.flush()
  }
}
