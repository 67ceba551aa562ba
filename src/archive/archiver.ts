// The archiver: follows every hall of an EventSource and writes its events to Postgres in one
// transaction per batch (ArchiveWriter), acknowledging a batch only after it is committed.
// A failing hall (Postgres down, Redis down, a batch Postgres rejects) backs off on its own with
// exponential delay; the live queue never waits for it. When Postgres comes back the pending
// entries are re-read and the archive catches up.
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Database } from '../db/schema.ts'
import { ArchiveWriter, type TimezoneOf } from './archive-writer.ts'
import type { EventSource } from './event-source.ts'

export interface ArchiverOptions {
  db: Kysely<Database>
  source: EventSource
  /** The hall's timezone for business dates (e.g. from the store's runtime); default: halls table. */
  timezoneOf?: TimezoneOf
  log?: Logger
  batchSize?: number // events per transaction (default 500)
  idleMs?: number // pause when a pass found nothing (default 250)
  hallsEveryMs?: number // how often the hall list is re-read (default 10 s)
  backoffMinMs?: number // first retry delay of a failing hall (default 200)
  backoffMaxMs?: number // cap of the retry delay (default 10 s)
}

export interface ArchiverStatus {
  running: boolean
  halls: number
  archivedEvents: number // events newly written since start
  failingHalls: string[]
  lastError: string | null
  lastSuccessAt: number | null
}

interface HallState {
  failures: number
  retryAt: number
}

export class Archiver {
  readonly #writer: ArchiveWriter
  readonly #halls = new Map<string, HallState>()
  #hallsReadAt = 0
  #running = false
  #loop: Promise<void> | null = null
  #wake: (() => void) | null = null
  #archived = 0
  #lastError: string | null = null
  #lastSuccessAt: number | null = null

  constructor(private readonly opts: ArchiverOptions) {
    this.#writer = new ArchiveWriter(opts.db, opts.timezoneOf)
  }

  start(): void {
    if (this.#running) return
    this.#running = true
    this.#loop = this.#run()
  }

  async stop(): Promise<void> {
    this.#running = false
    this.#wake?.()
    await this.#loop
    this.#loop = null
  }

  status(): ArchiverStatus {
    return {
      running: this.#running,
      halls: this.#halls.size,
      archivedEvents: this.#archived,
      failingHalls: [...this.#halls].filter(([, s]) => s.failures > 0).map(([h]) => h),
      lastError: this.#lastError,
      lastSuccessAt: this.#lastSuccessAt,
    }
  }

  /**
   * One pass: one batch from every hall that is not backing off. Returns how many events the
   * pass handled (0 = nothing waiting). Used by the loop, and directly by tests and tools.
   */
  async runOnce(): Promise<number> {
    await this.#refreshHalls()
    let handled = 0
    const now = Date.now()
    for (const [hall, state] of this.#halls) {
      if (state.retryAt > now) continue
      try {
        const batch = await this.opts.source.next(hall, this.opts.batchSize ?? 500)
        if (!batch) {
          state.failures = 0
          continue
        }
        if (batch.events.length) {
          const result = await this.#writer.write(hall, batch.events)
          this.#archived += result.inserted
          if (result.expired)
            this.opts.log?.info({ hall, expired: result.expired }, 'archive: day rollover closed open tickets')
        }
        await batch.commit()
        handled += Math.max(1, batch.events.length)
        this.#lastSuccessAt = Date.now()
        if (state.failures) this.opts.log?.info({ hall }, 'archive: hall recovered')
        state.failures = 0
      } catch (err) {
        this.#fail(hall, state, err)
      }
    }
    return handled
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let handled = 0
      try {
        handled = await this.runOnce()
      } catch (err) {
        // Reading the hall list failed (Redis down): try again after the idle pause.
        this.#lastError = err instanceof Error ? err.message : String(err)
        this.opts.log?.warn({ err }, 'archive: cannot list halls')
      }
      if (this.#running && handled === 0) await this.#sleep(this.#idleDelay())
    }
  }

  #fail(hall: string, state: HallState, err: unknown): void {
    state.failures += 1
    const min = this.opts.backoffMinMs ?? 200
    const delay = Math.min(this.opts.backoffMaxMs ?? 10_000, min * 2 ** Math.min(state.failures - 1, 16))
    state.retryAt = Date.now() + delay
    this.#lastError = err instanceof Error ? err.message : String(err)
    const log = this.opts.log
    if (state.failures === 1) log?.warn({ hall, err }, 'archive: batch failed; retrying with backoff')
    else log?.debug({ hall, failures: state.failures, retryInMs: delay }, 'archive: still failing')
  }

  /** Until the next hall leaves its backoff, or the idle pause, whichever is shorter. */
  #idleDelay(): number {
    const idle = this.opts.idleMs ?? 250
    const now = Date.now()
    const waits = [...this.#halls.values()].filter((s) => s.retryAt > now).map((s) => s.retryAt - now)
    return waits.length === this.#halls.size && waits.length ? Math.max(idle, Math.min(...waits)) : idle
  }

  async #refreshHalls(): Promise<void> {
    if (this.#halls.size && Date.now() - this.#hallsReadAt < (this.opts.hallsEveryMs ?? 10_000)) return
    const halls = await this.opts.source.listHalls()
    this.#hallsReadAt = Date.now()
    for (const hall of halls) if (!this.#halls.has(hall)) this.#halls.set(hall, { failures: 0, retryAt: 0 })
    for (const hall of this.#halls.keys()) if (!halls.includes(hall)) this.#halls.delete(hall)
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms)
      function done(): void {
        clearTimeout(timer)
        resolve()
      }
      this.#wake = done
    })
  }
}
