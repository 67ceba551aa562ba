// Window status changes and recall on one in-memory hall.
import { QmsError } from '../../domain/errors.ts'
import { ticketEvent, type PendingEvent } from '../../domain/events.ts'
import type { QueueId, Ticket, WindowState, WindowStatus } from '../../domain/types.ts'
import type { MemoryHall } from './memory-hall.ts'
import type { Outcome } from './ticket-ops.ts'

export function recall(h: MemoryHall, windowId: string, now: number): Outcome<Ticket> {
  const w = h.window(windowId)
  const t = w.current ? h.ticket(w.current) : null
  if (!t || t.status !== 'called') {
    throw new QmsError('QMS_ERR_NO_CURRENT_TICKET', `window ${windowId} has no called ticket to recall`)
  }
  if (t.recalls >= h.runtime.rules.maxRecalls) {
    throw new QmsError('QMS_ERR_RECALL_LIMIT', `ticket ${t.number} was already recalled ${t.recalls} times`)
  }
  t.recalls += 1
  return { result: { ...t }, events: [ticketEvent('ticket.recalled', t, now, { recalls: t.recalls })] }
}

export function setWindowStatus(
  h: MemoryHall,
  windowId: string,
  status: WindowStatus,
  reason: string | null,
  now: number,
): Outcome<WindowState> {
  const w = h.window(windowId)
  if (w.status === status) return { result: { ...w }, events: [] }
  if (status === 'paused' && w.status !== 'open') {
    throw new QmsError(
      'QMS_ERR_INVALID_TRANSITION',
      `window ${windowId} is ${w.status}; only an open window can pause`,
      {
        status: w.status,
      },
    )
  }
  if (status === 'closed' && w.current) {
    throw new QmsError('QMS_ERR_WINDOW_BUSY', `window ${windowId} still has a ticket; finish it before closing`)
  }
  w.status = status
  w.reason = status === 'paused' ? reason : null
  w.since = now
  w.consecutivePriority = 0
  const events: PendingEvent[] = [
    { type: 'window.status', at: now, hall: h.hall, window: windowId, status, data: { reason: w.reason } },
  ]
  if (status === 'closed') events.push(...moveOwnQueue(h, windowId, now))
  return { result: { ...w }, events }
}

/** A closing window's own queue goes elsewhere, keeping each ticket's place by time. */
function moveOwnQueue(h: MemoryHall, windowId: string, now: number): PendingEvent[] {
  const from: QueueId = `w:${windowId}`
  const events: PendingEvent[] = []
  for (const entry of [...h.queue(from).all()]) {
    const t = h.ticket(entry.id)
    h.dequeue(t)
    const { queue, window } =
      h.runtime.services[t.service]?.mode === 'assigned'
        ? h.targetQueue(t.service)
        : { queue: `s:${t.service}` as QueueId, window: null }
    t.window = window
    h.enqueue(t, queue)
    events.push(ticketEvent('ticket.reassigned', t, now, { from, to: queue }))
  }
  return events
}
