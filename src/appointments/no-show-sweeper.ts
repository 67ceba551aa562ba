// Records no-shows: a booked appointment nobody checked in for by the end of its check-in window
// becomes `no_show` (booking also does this for the person asking, so the restriction never
// waits for the sweep). One UPDATE per run; safe to run on every core instance at once.
import type { Kysely } from 'kysely'
import { markNoShows } from '../db/repos/appointments.ts'
import type { Database } from '../db/schema.ts'

export interface SweeperOptions {
  intervalMs?: number // default 60 s
  now?: () => number
  onSwept?: (count: number) => void
  onError?: (err: unknown) => void
}

/** Starts the periodic sweep; returns a function that stops it and waits for a run in progress. */
export function startNoShowSweeper(db: Kysely<Database>, opts: SweeperOptions = {}): () => Promise<void> {
  const now = opts.now ?? Date.now
  let running: Promise<void> = Promise.resolve()
  const sweep = (): void => {
    running = markNoShows(db, new Date(now())).then(
      (n) => {
        if (n > 0) opts.onSwept?.(n)
      },
      (err: unknown) => opts.onError?.(err),
    )
  }
  const timer = setInterval(sweep, opts.intervalMs ?? 60_000)
  timer.unref()
  sweep()
  return async () => {
    clearInterval(timer)
    await running
  }
}
