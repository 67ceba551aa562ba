// The live state of one hall in process memory. Every public method validates first, then
// mutates and returns the events it produced; MemoryQueueStore numbers and delivers them.
import { QmsError } from '../../domain/errors.ts'
import { chooseAssignedWindow, simpleEtaSec } from '../../domain/estimate.ts'
import { ticketEvent, type PendingEvent } from '../../domain/events.ts'
import type { HallRuntime, QueueEvent, QueueId, Ticket, WindowState } from '../../domain/types.ts'
import { SortedQueue } from './sorted-queue.ts'

export class MemoryHall {
  version = 0
  seq = 0
  readonly events: QueueEvent[] = []
  readonly windows = new Map<string, WindowState>()
  readonly tickets = new Map<string, Ticket>()
  readonly queues = new Map<QueueId, SortedQueue>()
  readonly counters = new Map<string, number>() // `${date}|${service}`
  readonly idempotency = new Map<string, { id: string; service: string; cls: string }>() // `${date}|${key}`
  readonly waiting = new Map<string, number>() // service → waiting tickets (any queue)
  readonly persons = new Map<string, string>() // `${date}|${service}|${personKey}` → ticket id

  constructor(
    readonly hall: string,
    public document: unknown,
    public runtime: HallRuntime,
  ) {}

  queue(id: QueueId): SortedQueue {
    let q = this.queues.get(id)
    if (!q) this.queues.set(id, (q = new SortedQueue()))
    return q
  }

  band(cls: string): number {
    const b = this.runtime.classBands.indexOf(cls)
    if (b < 0) throw new QmsError('QMS_ERR_UNKNOWN_PRIORITY_CLASS', `unknown priority class "${cls}"`)
    return b
  }

  ticket(id: string): Ticket {
    const t = this.tickets.get(id)
    if (!t) throw new QmsError('QMS_ERR_TICKET_NOT_FOUND', `ticket ${id} not found in hall ${this.hall}`)
    return t
  }

  window(id: string): WindowState {
    const w = this.windows.get(id)
    if (!w) throw new QmsError('QMS_ERR_WINDOW_NOT_FOUND', `window ${id} not found in hall ${this.hall}`)
    return w
  }

  openWindowsServing(service: string): number {
    const svc = this.runtime.services[service]
    return svc ? svc.windows.filter((w) => this.windows.get(w)?.status === 'open').length : 0
  }

  /** Where a ticket of `service` waits: its shared queue, or (assigned mode) the best open window's. */
  targetQueue(service: string): { queue: QueueId; window: string | null } {
    const svc = this.runtime.services[service]!
    if (svc.mode !== 'assigned') return { queue: `s:${service}`, window: null }
    const chosen = chooseAssignedWindow(
      svc.windows.map((id) => {
        const w = this.windows.get(id)
        return { id, open: w?.status === 'open', ownQueue: this.queue(`w:${id}`).size, busy: !!w?.current }
      }),
    )
    return chosen ? { queue: `w:${chosen}`, window: chosen } : { queue: `s:${service}`, window: null }
  }

  enqueue(t: Ticket, queue: QueueId): void {
    t.queue = queue
    t.status = 'waiting'
    this.queue(queue).insert({ id: t.id, band: this.band(t.class), orderAt: t.orderAt })
    this.waiting.set(t.service, (this.waiting.get(t.service) ?? 0) + 1)
  }

  dequeue(t: Ticket): void {
    if (t.queue === null) return
    this.queue(t.queue).remove(t.id)
    this.waiting.set(t.service, Math.max(0, (this.waiting.get(t.service) ?? 0) - 1))
    t.queue = null
  }

  /** Frees the window slot a ticket occupies (if any). */
  leaveWindow(t: Ticket): void {
    if (t.window === null) return
    const w = this.windows.get(t.window)
    if (w && w.current === t.id) w.current = null
  }

  ahead(t: Ticket): number {
    return t.status === 'waiting' && t.queue ? Math.max(0, this.queue(t.queue).rank(t.id)) : 0
  }

  eta(t: Ticket, ahead: number): number {
    const svc = this.runtime.services[t.service]
    if (!svc) return 0
    return simpleEtaSec(ahead, svc.meanHandlingSec, t.queue?.startsWith('w:') ? 1 : this.openWindowsServing(t.service))
  }

  completeCurrent(w: WindowState, now: number, out: PendingEvent[], data?: Record<string, unknown>): Ticket | null {
    if (!w.current) return null
    const t = this.ticket(w.current)
    t.status = 'done'
    t.outcome = 'completed'
    t.finishedAt = now
    w.current = null
    out.push(ticketEvent('ticket.done', t, now, { outcome: 'completed', ...data }))
    return t
  }
}
