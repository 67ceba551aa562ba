// The embedded QueueStore: all halls in process memory. Operations are synchronous inside, so
// each one is atomic by construction; listeners get events asynchronously, in seq order.
import { QmsError } from '../../domain/errors.ts'
import type { PendingEvent } from '../../domain/events.ts'
import type {
  HallRuntime,
  HallSnapshot,
  QueueEvent,
  Ticket,
  TicketView,
  WindowState,
  WindowStatus,
} from '../../domain/types.ts'
import type * as Port from '../port.ts'
import { applyConfiguration, checkRemovals } from './configure.ts'
import { MemoryHall } from './memory-hall.ts'
import { snapshotOf } from './snapshot.ts'
import { callNext, changeTicket, issue, transfer } from './ticket-ops.ts'
import { recall, setWindowStatus } from './window-ops.ts'

const clone = <T>(v: T): T => structuredClone(v)

export class MemoryQueueStore implements Port.QueueStore {
  private readonly halls = new Map<string, MemoryHall>()
  private readonly listeners = new Map<string, Set<Port.EventListener>>()

  private hall(id: string): MemoryHall {
    const h = this.halls.get(id)
    if (!h) throw new QmsError('QMS_ERR_HALL_NOT_FOUND', `hall ${id} not found`)
    return h
  }

  private append(h: MemoryHall, pending: PendingEvent[]): void {
    const fresh: QueueEvent[] = pending.map((e) => ({ ...e, seq: ++h.seq }) as QueueEvent)
    h.events.push(...fresh)
    const subs = this.listeners.get(h.hall)
    if (!subs || subs.size === 0 || fresh.length === 0) return
    const copies = fresh.map(clone)
    queueMicrotask(() => {
      for (const ev of copies) for (const l of subs) l(ev)
    })
  }

  private run<T>(hall: string, op: (h: MemoryHall) => { result: T; events: PendingEvent[] }): Promise<T> {
    try {
      const h = this.hall(hall)
      const { result, events } = op(h)
      this.append(h, events)
      return Promise.resolve(clone(result))
    } catch (e) {
      return Promise.reject(e)
    }
  }

  private ticketOp(
    hall: string,
    id: string,
    op: 'start' | 'complete' | 'noShow' | 'hold' | 'resume' | 'requeue' | 'cancel',
    now: number,
    outcome?: string,
  ): Promise<Ticket> {
    return this.run(hall, (h) => {
      const t = h.ticket(id)
      return { events: changeTicket(h, t, op, now, outcome), result: t }
    })
  }

  async configureHall(
    hall: string,
    document: unknown,
    runtime: HallRuntime,
    ctx: Port.OpContext,
  ): Promise<Port.ConfigureResult> {
    let h = this.halls.get(hall)
    const created = !h
    if (h) checkRemovals(h, runtime)
    else h = new MemoryHall(hall, document, runtime)
    const event = applyConfiguration(h, clone(document), clone(runtime), ctx.now)
    this.halls.set(hall, h)
    this.append(h, [event])
    return { version: h.version, created }
  }

  async getHall(hall: string): Promise<Port.StoredHall | null> {
    const h = this.halls.get(hall)
    return h ? clone({ document: h.document, runtime: h.runtime, version: h.version }) : null
  }

  async listHalls(): Promise<string[]> {
    return [...this.halls.keys()]
  }

  issue(hall: string, req: Port.IssueRequest): Promise<Port.IssueResult> {
    return this.run(hall, (h) => issue(h, req))
  }

  callNext(hall: string, window: string, ctx: Port.OpContext): Promise<Port.CallResult> {
    return this.run(hall, (h) => callNext(h, window, ctx.now))
  }

  recall(hall: string, window: string, ctx: Port.OpContext): Promise<Ticket> {
    return this.run(hall, (h) => recall(h, window, ctx.now))
  }

  start(hall: string, id: string, ctx: Port.OpContext): Promise<Ticket> {
    return this.ticketOp(hall, id, 'start', ctx.now)
  }

  complete(hall: string, id: string, ctx: Port.OpContext & { outcome?: string }): Promise<Ticket> {
    return this.ticketOp(hall, id, 'complete', ctx.now, ctx.outcome)
  }

  noShow(hall: string, id: string, ctx: Port.OpContext): Promise<Ticket> {
    return this.ticketOp(hall, id, 'noShow', ctx.now)
  }

  hold(hall: string, id: string, ctx: Port.OpContext): Promise<Ticket> {
    return this.ticketOp(hall, id, 'hold', ctx.now)
  }

  resume(hall: string, id: string, ctx: Port.OpContext): Promise<Ticket> {
    return this.ticketOp(hall, id, 'resume', ctx.now)
  }

  requeue(hall: string, id: string, ctx: Port.OpContext): Promise<Ticket> {
    return this.ticketOp(hall, id, 'requeue', ctx.now)
  }

  cancel(hall: string, id: string, ctx: Port.OpContext): Promise<Ticket> {
    return this.ticketOp(hall, id, 'cancel', ctx.now)
  }

  transfer(hall: string, id: string, target: Port.TransferTarget, ctx: Port.OpContext): Promise<Ticket> {
    return this.run(hall, (h) => {
      const t = h.ticket(id)
      return { events: transfer(h, t, target, ctx.now), result: t }
    })
  }

  setWindowStatus(
    hall: string,
    window: string,
    status: WindowStatus,
    ctx: Port.OpContext & { reason?: string },
  ): Promise<WindowState> {
    return this.run(hall, (h) => setWindowStatus(h, window, status, ctx.reason ?? null, ctx.now))
  }

  async getTicket(hall: string, id: string): Promise<TicketView | null> {
    const t = this.halls.get(hall)?.tickets.get(id)
    if (!t) return null
    const h = this.hall(hall)
    const ahead = h.ahead(t)
    return { ...clone(t), ahead, etaSec: t.status === 'waiting' ? h.eta(t, ahead) : 0 }
  }

  async snapshot(hall: string, ctx: Port.OpContext): Promise<HallSnapshot> {
    return clone(snapshotOf(this.hall(hall), ctx.now))
  }

  async hallMeta(hall: string): Promise<{ version: number; seq: number } | null> {
    const h = this.halls.get(hall)
    return h ? { version: h.version, seq: h.seq } : null
  }

  async serviceLoad(hall: string): Promise<Port.ServiceLoad[]> {
    return snapshotOf(this.hall(hall), 0).services.map(({ id, waiting, openWindows }) => ({ id, waiting, openWindows }))
  }

  async eventsSince(hall: string, since: number, limit: number): Promise<QueueEvent[]> {
    const h = this.hall(hall)
    // seq n sits at index n-1: events are never removed from the embedded store.
    return clone(h.events.slice(Math.max(0, since), Math.max(0, since) + Math.max(0, limit)))
  }

  async subscribe(hall: string, listener: Port.EventListener): Promise<() => Promise<void>> {
    let subs = this.listeners.get(hall)
    if (!subs) this.listeners.set(hall, (subs = new Set()))
    const wrapped: Port.EventListener = (e) => listener(e)
    subs.add(wrapped)
    return async () => {
      subs.delete(wrapped)
    }
  }

  async ping(): Promise<boolean> {
    return true
  }

  async close(): Promise<void> {
    this.listeners.clear()
  }
}
