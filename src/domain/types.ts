// Core domain types shared by every adapter. Pure data: no I/O here.

export type TicketStatus = 'waiting' | 'called' | 'serving' | 'held' | 'done' | 'no_show' | 'cancelled'
export type WindowStatus = 'closed' | 'open' | 'paused'
export type ServiceMode = 'shared' | 'assigned'
export type PolicyMode = 'fifo' | 'order' | 'weighted'
export type NoShowRequeue = 'none' | 'tail' | 'original'

/** Which rule of the calling policy chose a ticket (recorded on the ticket and the event). */
export type CallRule = 'window-queue' | 'aging' | 'priority' | 'priority-cap' | 'fifo' | 'order' | 'weighted'

/** The class every ticket has unless a priority class is asked for. */
export const NORMAL_CLASS = 'normal'

/** Queue ids: `s:<serviceId>` for a service's shared queue, `w:<windowId>` for a window's own queue. */
export type QueueId = `s:${string}` | `w:${string}`

export interface Ticket {
  id: string // unguessable (random 128 bits, base64url)
  hall: string
  number: string // A001
  service: string
  class: string // 'normal' or a priority class id
  status: TicketStatus
  issuedAt: number // epoch ms; never changes (shown to the citizen)
  // epoch ms used for queue order; = issuedAt unless re-queued at the tail or issued with a later
  // time (an appointment's slot): a ticket is never called before its orderAt.
  orderAt: number
  date: string // business date YYYY-MM-DD in the hall's timezone
  queue: QueueId | null // where it waits (only while waiting)
  window: string | null // assigned window (assigned mode / transfer) or the window that called it
  calledAt: number | null
  startedAt: number | null
  finishedAt: number | null
  recalls: number
  requeues: number
  transfers: number
  rule: CallRule | null // how the last call chose it
  outcome: string | null // for done: 'completed' (default) or the clerk's outcome
  aheadAtIssue: number
  etaAtIssueSec: number
  /** Masked identity of the holder (`4403**********1234`, `138****5678`) when one was given at
   *  issue; for staff only. The raw value is never stored; see src/identity. */
  holder?: string
}

export interface WindowState {
  id: string
  status: WindowStatus
  current: string | null // ticket id currently called/serving at this window
  consecutivePriority: number // priority calls in a row (reset by a normal call)
  reason: string | null // pause reason
  since: number // epoch ms of the last status change
}

export interface ServiceRuntime {
  id: string
  prefix: string
  mode: ServiceMode
  digits: number // zero padding of the number (3 → A001; past 999 the number simply grows: A1000)
  meanHandlingSec: number
  dailyLimit: number | null
  windows: string[] // windows serving it, in configuration order
}

export interface WindowPolicy {
  mode: PolicyMode
  weights: Record<string, number> // service id → weight (weighted mode; default 1)
  maxConsecutivePriority: number // cap on priority calls in a row when normal tickets wait
  agingSec: number // a ticket waiting this long is called before any policy choice
}

export interface WindowRuntime {
  id: string
  services: string[] // in policy order
  policy: WindowPolicy
}

export interface PriorityClassRuntime {
  id: string
  rank: number // higher is called first; 'normal' has rank 0 and is implicit
}

export interface HallRules {
  maxRecalls: number
  noShowRequeue: NoShowRequeue
  maxRequeues: number
}

/**
 * The compiled form of a hall document: what the queue engine needs, nothing else.
 * `classBands` orders classes for queue scores: band 0 is called first; normal is the last band.
 */
export interface HallRuntime {
  hall: string
  timezone: string
  services: Record<string, ServiceRuntime>
  serviceOrder: string[]
  windows: Record<string, WindowRuntime>
  windowOrder: string[]
  classes: Record<string, PriorityClassRuntime>
  classBands: string[] // class ids by band; last is 'normal'
  rules: HallRules
}

export type EventType =
  | 'hall.configured'
  | 'ticket.issued'
  | 'ticket.called'
  | 'ticket.recalled'
  | 'ticket.started'
  | 'ticket.done'
  | 'ticket.no_show'
  | 'ticket.held'
  | 'ticket.resumed'
  | 'ticket.transferred'
  | 'ticket.reassigned'
  | 'ticket.requeued'
  | 'ticket.cancelled'
  | 'window.status'

/** One state change. `seq` is gap-free per hall; the stream entry id is `<seq>-0`. */
export interface QueueEvent {
  seq: number
  type: EventType
  at: number // epoch ms
  hall: string
  ticket?: string // ticket id
  number?: string
  service?: string
  class?: string
  window?: string
  status?: string // ticket or window status after the change
  data?: Record<string, unknown> // type-specific details (rule, outcome, from/to, reason…)
}

export interface TicketView extends Ticket {
  ahead: number // people ahead in its queue (0 unless waiting)
  etaSec: number // simple estimate; the predictor refines it
}

export interface WindowSnapshot extends WindowState {
  currentTicket: Pick<Ticket, 'id' | 'number' | 'service' | 'status' | 'class'> | null
  queueLength: number // tickets waiting in this window's own queue
}

export interface ServiceSnapshot {
  id: string
  waiting: number
  openWindows: number
  etaSec: number // what a new ticket would wait (simple estimate)
  /** Seconds since the oldest waiting ticket of the service was issued (`issuedAt`, what the
   *  citizen experienced, over every queue its tickets wait in); 0 when none waits. */
  oldestWaitSec: number
}

export interface HallSnapshot {
  hall: string
  seq: number // last event seq included in this snapshot
  at: number
  windows: WindowSnapshot[]
  services: ServiceSnapshot[]
}
