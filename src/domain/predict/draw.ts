// How the forward simulation gets durations and arrivals: expected values on the mean path
// (mean-path.ts), random samples in Monte-Carlo runs (monte-carlo.ts).
import type { SimTicket } from './sim-queues.ts'
import type { WindowInput } from './types.ts'

export interface Draw {
  /** Seconds the window is busy with `t` called at `at` (0 when the citizen has left). */
  occupancy(t: SimTicket, window: string, at: number): number
  /** Seconds until the window's current ticket is finished. */
  currentRemaining(w: WindowInput, now: number): number
  /** Next arrival of a stream after `after` (Infinity: none); `first`: the first one after now. */
  nextArrival(stream: ArrivalStream, after: number, first: boolean): number
}

export interface ArrivalStream {
  service: string
  cls: string
  band: number
  rate: (at: number) => number // per second
  nextAt: number
}
