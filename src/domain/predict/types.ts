// Inputs and outputs of the wait-time predictor. Pure data: the adapters in src/predict build
// the snapshot (from the store or from the event stream) and the model (from learned statistics).
import type { QueueId, WindowStatus } from '../types.ts'

/** A ticket waiting in a queue, as the calling policy sees it. */
export interface WaitingInput {
  id: string
  service: string
  class: string
  queue: QueueId
  orderAt: number // epoch ms
}

/** The ticket a window is busy with (called or serving). */
export interface CurrentInput {
  ticket: string
  service: string
  class: string
  calledAt: number // epoch ms: occupancy is measured from the call
  serving: boolean // started (the citizen showed up)
}

export interface WindowInput {
  id: string
  status: WindowStatus
  since: number // epoch ms of the last status change
  consecutivePriority: number
  current: CurrentInput | null
}

/** The live hall at `now`. The hall's configuration (HallRuntime) travels separately. */
export interface PredictSnapshot {
  now: number
  windows: WindowInput[]
  waiting: WaitingInput[]
}

/** A planned status change of a window later today (e.g. closes for lunch at 12:00). */
export interface PlannedChange {
  window: string
  at: number
  status: 'open' | 'closed'
  /** A closing at which the window first serves everything still waiting for it (the hall has
   *  stopped issuing: lunch break, end of day). Unknown: only the day's last closing drains. */
  drain?: boolean
}

/** What has been learned about the hall, as the forward simulation asks for it. */
export interface PredictModel {
  /** Occupancy of a window by one ticket that shows up (call → done): mean and log-scale. */
  handling(service: string, window: string, at: number): { meanSec: number; sigma: number }
  /** Share of called tickets that never show up, and how long the window waits for them. */
  noShow(service: string): { rate: number; meanSec: number }
  /** Idle time a clerk takes between finishing one ticket and calling the next. */
  gapSec(window: string): number
  /** Hazard of a waiting ticket leaving the queue (cancelled), per second. */
  abandonPerSec(service: string): number
  /** Expected arrivals per second of new tickets of (service, class) as a function of time,
   *  or null when none are expected at all. Asked once per stream per forecast. */
  arrivalRate(service: string, cls: string): ((at: number) => number) | null
  /** No arrivals are expected after this time (the end of the hall's day). */
  arrivalHorizon(now: number): number
  /** Planned window openings/closings after `now`, in time order. */
  plannedChanges(now: number): PlannedChange[]
  /** Expected remaining length of a pause that has lasted `pausedSec`. */
  pauseRemainingSec(window: string, pausedSec: number): number
}

export interface Eta {
  etaSec: number // point forecast (calibrated median)
  p10: number
  p90: number
}

export interface TicketEta extends Eta {
  /** No window is open or planned for this ticket's queue: the figures are a horizon cap. */
  stranded: boolean
}

export interface ServiceEta extends Eta {
  /** The wait a new ticket of each class would face; `normal` is the headline figure. */
  byClass: Record<string, Eta>
}

export interface HallPrediction {
  at: number
  tickets: Map<string, TicketEta>
  services: Record<string, ServiceEta>
  /** Raw mean-path forecasts (seconds) before calibration, for recording residuals. */
  raw: Map<string, number>
}
