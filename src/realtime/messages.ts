// Messages the server sends on the live channel (one JSON object per WebSocket text frame).
import type { HallSnapshot, QueueEvent } from '../domain/types.ts'

/** The hall's full state; replaces whatever the client had. Events with seq > `seq` follow. */
export interface SnapshotMessage {
  type: 'snapshot'
  seq: number
  snapshot: HallSnapshot
}

/** Answer to `?since=N` when every missed event is still available: the client keeps its state,
 *  the missed events (seq > N) follow as ordinary event messages. */
export interface ResumedMessage {
  type: 'resumed'
  seq: number
}

/** One state change; `seq` is always the previous message's seq + 1. */
export interface EventMessage {
  type: 'event'
  seq: number
  event: QueueEvent
}

/** A wait forecast (seconds counted from `at`, epoch ms; clients count down themselves).
 *  Unsequenced: derived from the events, it carries no seq and may be dropped or repeated.
 *  `tickets`: waiting tickets whose forecast moved by a minute or more (a ticket holder only ever
 *  gets its own); `services`: what a new ticket of each service would wait. */
export interface ForecastMessage {
  type: 'forecast'
  seq?: undefined // unsequenced: never counts in the client's gap check
  at: number
  tickets?: Record<string, { etaSec: number; p10: number; p90: number }>
  services?: Record<string, { etaSec: number; p10: number; p90: number }>
}

export type LiveMessage = SnapshotMessage | ResumedMessage | EventMessage | ForecastMessage
