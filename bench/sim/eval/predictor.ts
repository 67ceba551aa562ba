// What the benchmarks compare: anything that sees the hall's events in order and, when a ticket
// is issued, forecasts its wait. One predictor may answer under several names (the baselines
// share their bookkeeping).
import type { HallRuntime, QueueEvent } from '../../../src/domain/types.ts'

export interface Forecast {
  etaSec: number
  p10?: number
  p90?: number
}

export interface Predictor {
  readonly names: string[]
  configure(runtime: HallRuntime): void
  onEvent(e: QueueEvent): void
  /** Forecasts for a ticket whose `ticket.issued` event was just passed to onEvent. */
  forecast(ticket: string, now: number): Record<string, Forecast>
}

/** The evaluation input: the hall's events, with configuration changes where they happen. */
export type Step = { event: QueueEvent } | { runtime: HallRuntime }
