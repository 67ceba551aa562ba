// The predictors of the halls this core instance serves: one PredictionService per hall, fed by
// the hall's live feed (src/realtime/hall-feeds.ts: in seq order, gaps repaired), refreshed once
// per burst of events, with the live updates handed to a callback (the live channel). Every
// instance computes the same forecasts from the same events, so nothing is coordinated.
import type { HallDocument } from '../config/hall-document.ts'
import { issuingStatus } from '../domain/calendar.ts'
import type { HallPrediction } from '../domain/predict/types.ts'
import type { HallRuntime, QueueEvent } from '../domain/types.ts'
import type { QueueStore } from '../store/port.ts'
import { PredictionService, type LiveUpdate } from './prediction-service.ts'
import { RefreshBudget } from './refresh-budget.ts'

export interface PredictionHubOptions {
  /** The hall's live feed (HallFeeds.acquire): resolves once the subscription is live. */
  feeds: { acquire(hall: string, listener: (e: QueueEvent) => void): Promise<() => Promise<void>> }
  /** Catch-up after the history: the events the store still holds. */
  store: Pick<QueueStore, 'eventsSince'>
  /** The hall's document and runtime (HallService.load). */
  halls: { load(hall: string): Promise<{ document: HallDocument; runtime: HallRuntime }> }
  /** Past days' events for the warm start (the archive), oldest first; their seq are the hall's. */
  history?: (hall: string) => Promise<Iterable<QueueEvent>>
  onUpdates?: (hall: string, updates: LiveUpdate[], prediction: HallPrediction) => void
  /** After every refresh, with the updates due (possibly none): service figures move without them. */
  onRefresh?: (hall: string, prediction: HallPrediction, updates: LiveUpdate[]) => void
  /** At most one refresh per hall per this many ms (bursts within it coalesce); default 0. */
  minRefreshMs?: number
  /** Share of one core all the halls' refreshes may use together (refresh-budget.ts); default 1. */
  cpuShare?: number
  onError?: (hall: string, err: unknown) => void
  /** The clock forecasts are made at (never before the last event); default Date.now. */
  now?: () => number
}

interface Followed {
  hall: string
  service: PredictionService
  document: HallDocument
  lastSeq: number
  lastAt: number
  latest: HallPrediction | null
  pending: QueueEvent[]
  /** Waiting for its minRefreshMs or in the run queue: later events join `pending`. */
  queued: boolean
  refreshedAt: number
  release: () => Promise<void>
}

const PAGE = 1000

export class PredictionHub {
  private readonly followed = new Map<string, Promise<Followed>>()
  private readonly ready = new Map<string, Followed>()
  /** Halls due for a refresh, in the order they became due (fair under a tight budget). */
  private readonly runQueue: Followed[] = []
  private readonly budget: RefreshBudget
  private pumpTimer: NodeJS.Timeout | null = null
  private pumpScheduled = false

  constructor(private readonly opts: PredictionHubOptions) {
    this.budget = new RefreshBudget({ share: opts.cpuShare ?? 1 })
  }

  /** Starts predicting for a hall (idempotent); resolves once its forecasts are current. */
  async follow(hall: string): Promise<void> {
    let started = this.followed.get(hall)
    if (!started) {
      started = this.start(hall)
      this.followed.set(hall, started)
      started.catch(() => this.followed.delete(hall))
    }
    await started
  }

  /** The hall's latest forecasts, or null while it is not (yet) followed. */
  latest(hall: string): HallPrediction | null {
    return this.ready.get(hall)?.latest ?? null
  }

  async close(): Promise<void> {
    const all = [...this.followed.values()]
    this.followed.clear()
    this.ready.clear()
    this.runQueue.length = 0
    if (this.pumpTimer) clearTimeout(this.pumpTimer)
    this.pumpTimer = null
    await Promise.all(all.map(async (f) => (await f.catch(() => null))?.release()))
  }

  private async start(hall: string): Promise<Followed> {
    const { document, runtime } = await this.opts.halls.load(hall)
    const f: Followed = {
      hall,
      document,
      service: new PredictionService({
        runtime,
        zone: { timezone: document.timezone },
        issuingOpen: (s, at) => issuingStatus(f.document, s, at).open,
      }),
      lastSeq: 0,
      lastAt: 0,
      latest: null,
      pending: [],
      queued: false,
      refreshedAt: 0,
      release: async () => {},
    }
    const history = this.opts.history ? [...(await this.opts.history(hall))] : []
    f.service.warmStart(history)
    f.lastSeq = history.at(-1)?.seq ?? 0
    // Subscribe first (events are held until the catch-up is done), then read what the store has.
    let live = false
    const early: QueueEvent[] = []
    f.release = await this.opts.feeds.acquire(hall, (e) => (live ? this.enqueue(f, e) : early.push(e)))
    for (;;) {
      const page = await this.opts.store.eventsSince(hall, f.lastSeq, PAGE)
      for (const e of page) this.apply(f, e)
      if (page.length < PAGE) break
    }
    for (const e of early) if (e.seq > f.lastSeq) this.apply(f, e)
    live = true
    this.ready.set(hall, f)
    this.refresh(f)
    return f
  }

  private enqueue(f: Followed, e: QueueEvent): void {
    if (e.seq <= f.lastSeq) return
    f.pending.push(e)
    if (f.queued) return
    f.queued = true
    // One refresh per burst: events arriving together (a call-next completes and calls) count
    // once, and a busy hall is refreshed at most every minRefreshMs (a forecast costs ms).
    const waitMs = f.refreshedAt + (this.opts.minRefreshMs ?? 0) - Date.now()
    if (waitMs > 0) setTimeout(() => this.due(f), waitMs).unref()
    else this.due(f)
  }

  private due(f: Followed): void {
    if (!this.ready.has(f.hall)) return // closed meanwhile
    this.runQueue.push(f)
    this.pump()
  }

  /** Runs the queued refreshes one per turn, as fast as the CPU budget allows. */
  private pump(): void {
    if (this.pumpScheduled || this.pumpTimer || this.runQueue.length === 0) return
    const delay = this.budget.delayMs()
    if (delay > 0) {
      this.pumpTimer = setTimeout(() => {
        this.pumpTimer = null
        this.pump()
      }, delay)
      this.pumpTimer.unref()
      return
    }
    this.pumpScheduled = true
    setImmediate(() => {
      this.pumpScheduled = false
      const f = this.runQueue.shift()
      if (f) this.flush(f)
      this.pump()
    })
  }

  private flush(f: Followed): void {
    f.queued = false
    if (!this.ready.has(f.hall)) return // closed meanwhile
    const batch = f.pending.splice(0)
    try {
      for (const ev of batch) if (ev.seq > f.lastSeq) this.apply(f, ev)
    } catch (err) {
      this.opts.onError?.(f.hall, err) // from a timer: an exception here would end the process
    }
    this.refresh(f)
  }

  private apply(f: Followed, e: QueueEvent): void {
    f.service.onEvent(e)
    f.lastSeq = e.seq
    f.lastAt = Math.max(f.lastAt, e.at)
    if (e.type === 'hall.configured') void this.reload(f)
  }

  private async reload(f: Followed): Promise<void> {
    try {
      const { document, runtime } = await this.opts.halls.load(f.hall)
      f.document = document
      f.service.configure(runtime)
      this.refresh(f)
    } catch (err) {
      this.opts.onError?.(f.hall, err)
    }
  }

  private refresh(f: Followed): void {
    const started = performance.now()
    try {
      const now = Math.max(this.opts.now?.() ?? Date.now(), f.lastAt)
      const { prediction, updates } = f.service.refresh(f.service.mirror.snapshot(now))
      f.latest = prediction
      f.refreshedAt = Date.now()
      if (updates.length > 0) this.opts.onUpdates?.(f.hall, updates, prediction)
      this.opts.onRefresh?.(f.hall, prediction, updates)
    } catch (err) {
      this.opts.onError?.(f.hall, err)
    } finally {
      this.budget.spend(performance.now() - started)
    }
  }
}
