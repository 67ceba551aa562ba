// Builds the statistics facts in the background so reports never backfill inside a request: at
// start and then every `intervalMs`, every hall-day whose facts are missing or whose tickets or
// ratings changed is built, one day at a time, yielding between days. The last `recentDays` come
// first (oldest first), then older history (oldest first). Stops cleanly: `stop()` waits for the
// day being built and starts no other.
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { addDays, businessDate } from '../domain/calendar.ts'
import { buildDay, dayStates, type DayState, type HallFacts } from './freshness.ts'

export interface FactMaintainerOptions {
  db: Kysely<Database>
  hallInfo: (hall: string) => Promise<HallFacts>
  now: () => number
  intervalMs?: number // default 60 s
  /** How often a pass looks at the whole history rather than the last week (default 1 h). */
  fullEveryMs?: number
  recentDays?: number // default 31
  log?: { warn: (o: object, msg: string) => void; info: (o: object, msg: string) => void }
}

const ANALYZE_AFTER_DAYS = 30
/** Days back (from the UTC date) a regular pass looks at: covers every timezone's yesterday. */
const RECENT_SCAN_DAYS = 7

/** Recent days first, then older ones; oldest first within each. Pure. */
export function buildOrder(days: readonly DayState[], cutoff: (hall: string) => string): DayState[] {
  const recent = days.filter((d) => d.date >= cutoff(d.hall))
  const older = days.filter((d) => d.date < cutoff(d.hall))
  const byDate = (a: DayState, b: DayState): number =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : a.hall < b.hall ? -1 : a.hall > b.hall ? 1 : 0
  return [...recent.sort(byDate), ...older.sort(byDate)]
}

export class FactMaintainer {
  #timer: NodeJS.Timeout | null = null
  #pass: Promise<number> | null = null
  #stopped = false
  #fullAt = Number.NEGATIVE_INFINITY
  readonly #o: FactMaintainerOptions

  constructor(o: FactMaintainerOptions) {
    this.#o = o
  }

  start(): void {
    this.#stopped = false
    this.#tick()
  }

  #tick(): void {
    if (this.#stopped) return
    void this.runOnce()
      .catch((err: unknown) => this.#o.log?.warn({ err }, 'stats: fact maintenance pass failed'))
      .finally(() => {
        if (this.#stopped) return
        this.#timer = setTimeout(() => this.#tick(), this.#o.intervalMs ?? 60_000)
        this.#timer.unref()
      })
  }

  /** One pass (joins the running one); resolves to the number of days built. */
  runOnce(): Promise<number> {
    this.#pass ??= this.#run().finally(() => (this.#pass = null))
    return this.#pass
  }

  async stop(): Promise<void> {
    this.#stopped = true
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    await this.#pass?.catch(() => undefined)
  }

  async #run(): Promise<number> {
    const { db } = this.#o
    const infos = new Map<string, Promise<HallFacts>>()
    const hallInfo = (h: string): Promise<HallFacts> => {
      if (!infos.has(h)) infos.set(h, this.#o.hallInfo(h))
      return infos.get(h)!
    }
    const now = this.#o.now()
    // Grouping every ticket of every hall by day each minute would grow with the history (a
    // province keeps years of it): most passes look at the last week only (an index range), and
    // the whole history is checked at start and every fullEveryMs (imports, late corrections).
    const full = now - this.#fullAt >= (this.#o.fullEveryMs ?? 3_600_000)
    if (full) this.#fullAt = now
    const scope = full ? {} : { from: addDays(new Date(now).toISOString().slice(0, 10), -RECENT_SCAN_DAYS) }
    const states = await dayStates(db, scope, { now, hallInfo, liveMaxAgeMs: Number.POSITIVE_INFINITY })
    const cutoffs = new Map<string, string>()
    for (const d of states)
      if (!cutoffs.has(d.hall))
        cutoffs.set(d.hall, addDays(businessDate((await hallInfo(d.hall)).timezone, now), -(this.#o.recentDays ?? 31)))
    const todo = buildOrder(
      states.filter((d) => d.reason === 'missing' || d.reason === 'changed'),
      (h) => cutoffs.get(h)!,
    )
    let built = 0
    for (const d of todo) {
      if (this.#stopped) break
      try {
        await buildDay(db, { hall: d.hall, date: d.date, ...(await hallInfo(d.hall)), now: this.#o.now() })
        built++
      } catch (err) {
        this.#o.log?.warn({ err, hall: d.hall, date: d.date }, 'stats: building a day failed')
      }
      await new Promise<void>((resolve) => setImmediate(resolve)) // let requests in between days
    }
    // After a backfill the planner must know the tables grew (autovacuum would, later).
    if (built >= ANALYZE_AFTER_DAYS && !this.#stopped)
      await sql`analyze stats_ticket_facts, stats_day_rollups, stats_day_samples`.execute(db)
    if (built > 0) this.#o.log?.info({ built, left: todo.length - built }, 'stats: facts built')
    return built
  }
}
