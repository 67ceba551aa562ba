// What the simulator needs from a hall: the operations a kiosk and the clerks perform.
// Implemented over the in-process store (virtual time) and over the HTTP API (demo traffic).
import type { Citizen } from './traffic.ts'

export type WindowCommand = 'open' | 'paused' | 'closed'

export interface HallPort {
  /** Issues a ticket for the citizen; null when the hall refuses (closed, daily limit). */
  issue(c: Citizen, now: number): Promise<string | null>
  /** Calls the next ticket at the window; null when nothing waits for it. */
  callNext(window: string, now: number): Promise<string | null>
  /** A ticket operation; false when the hall refused it (e.g. already called elsewhere). */
  act(ticket: string, op: 'start' | 'complete' | 'noShow' | 'cancel' | 'requeue', now: number): Promise<boolean>
  setWindow(window: string, status: WindowCommand, now: number): Promise<boolean>
}
