// Event shapes. Ticket events carry enough of the ticket for an archiver to rebuild its row.
import type { EventType, QueueEvent, Ticket } from './types.ts'

export type PendingEvent = Omit<QueueEvent, 'seq'>

export const ticketEvent = (type: EventType, t: Ticket, at: number, data?: Record<string, unknown>): PendingEvent => ({
  type,
  at,
  hall: t.hall,
  ticket: t.id,
  number: t.number,
  service: t.service,
  class: t.class,
  window: t.window ?? undefined,
  status: t.status,
  ...(data ? { data } : {}),
})
