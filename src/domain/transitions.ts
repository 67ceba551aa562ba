// Which ticket statuses each operation accepts. The Lua scripts carry the same table
// (src/store/redis/commands/includes); the contract suite pins both.
import type { TicketStatus } from './types.ts'

export const ALLOWED_FROM = {
  start: ['called'],
  complete: ['called', 'serving'],
  noShow: ['called'],
  hold: ['called', 'serving'],
  resume: ['held'],
  transfer: ['waiting', 'called', 'serving', 'held'],
  requeue: ['no_show'],
  cancel: ['waiting', 'called', 'held', 'no_show'],
} as const satisfies Record<string, readonly TicketStatus[]>

export type TicketOperation = keyof typeof ALLOWED_FROM

export const canApply = (op: TicketOperation, status: TicketStatus): boolean =>
  (ALLOWED_FROM[op] as readonly TicketStatus[]).includes(status)

/** Statuses in which a ticket occupies its window's `current` slot. */
export const isAtWindow = (status: TicketStatus): boolean => status === 'called' || status === 'serving'

/** Statuses in which a ticket still holds its person's place (one active ticket per person and
 *  service; issue.lua carries the same list). */
export const ACTIVE_STATUSES = ['waiting', 'called', 'serving', 'held'] as const satisfies readonly TicketStatus[]

export const isActive = (status: TicketStatus): boolean => (ACTIVE_STATUSES as readonly TicketStatus[]).includes(status)
