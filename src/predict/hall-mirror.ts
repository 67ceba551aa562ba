// The hall's live state folded from its event stream: what is waiting where, and what each
// window is doing. It lets the predictor run on every event without a store read. In production
// it is seeded from a store read at start (and after a gap in seq), then kept current by events.
import type { CurrentInput, PredictSnapshot, WaitingInput, WindowInput } from '../domain/predict/types.ts'
import type { HallRuntime, QueueEvent, QueueId, WindowStatus } from '../domain/types.ts'

interface Known {
  service: string
  class: string
  orderAt: number
  issuedAt: number
}

const FORGET_MS = 36 * 3600_000

export class HallMirror {
  readonly waiting = new Map<string, WaitingInput>()
  readonly windows = new Map<string, WindowInput>()
  /** Every ticket seen recently (orderAt survives a no-show for an `original` requeue). */
  readonly known = new Map<string, Known>()
  seq = 0

  constructor(private runtime: HallRuntime) {}

  configure(runtime: HallRuntime): void {
    this.runtime = runtime
  }

  private window(id: string): WindowInput {
    let w = this.windows.get(id)
    if (!w) this.windows.set(id, (w = { id, status: 'closed', since: 0, consecutivePriority: 0, current: null }))
    return w
  }

  private isPriority(cls: string): boolean {
    const bands = this.runtime.classBands
    return bands.indexOf(cls) < bands.length - 1
  }

  private enqueue(id: string, queue: QueueId, orderAt: number): void {
    const k = this.known.get(id)
    if (!k) return
    k.orderAt = orderAt
    this.waiting.set(id, { id, service: k.service, class: k.class, queue, orderAt })
  }

  /** Clears the window slot the ticket occupies, if it does. */
  private leave(e: QueueEvent): void {
    for (const w of this.windows.values()) if (w.current?.ticket === e.ticket) w.current = null
  }

  apply(e: QueueEvent): void {
    this.seq = Math.max(this.seq, e.seq)
    if (e.type === 'window.status' && e.window) {
      const w = this.window(e.window)
      w.status = e.status as WindowStatus
      w.since = e.at
      w.consecutivePriority = 0
      return
    }
    const id = e.ticket
    if (!id || !e.service) return
    const k = this.known.get(id)
    if (k) {
      k.service = e.service
      k.class = e.class ?? k.class
    }
    const shared: QueueId = `s:${e.service}`
    const target = (): QueueId => (e.window ? `w:${e.window}` : shared)
    switch (e.type) {
      case 'ticket.issued': {
        this.known.set(id, { service: e.service, class: e.class ?? 'normal', orderAt: e.at, issuedAt: e.at })
        this.enqueue(id, target(), e.at)
        return
      }
      case 'ticket.called':
      case 'ticket.resumed': {
        this.waiting.delete(id)
        this.leave(e)
        if (!e.window) return
        const w = this.window(e.window)
        const current: CurrentInput = {
          ticket: id,
          service: e.service,
          class: e.class ?? 'normal',
          calledAt: e.at,
          serving: false,
        }
        w.current = current
        if (e.type === 'ticket.called')
          w.consecutivePriority = this.isPriority(current.class) ? w.consecutivePriority + 1 : 0
        return
      }
      case 'ticket.started':
        for (const w of this.windows.values()) if (w.current?.ticket === id) w.current.serving = true
        return
      case 'ticket.transferred':
      case 'ticket.reassigned': {
        this.leave(e)
        const to = typeof e.data?.to === 'string' ? (e.data.to as QueueId) : target()
        this.enqueue(id, to, k?.orderAt ?? e.at)
        return
      }
      case 'ticket.requeued':
        this.enqueue(id, target(), e.data?.mode === 'original' ? (k?.orderAt ?? e.at) : e.at)
        return
      case 'ticket.done':
      case 'ticket.no_show':
      case 'ticket.held':
      case 'ticket.cancelled':
        this.waiting.delete(id)
        this.leave(e)
        if (e.type !== 'ticket.held' && e.type !== 'ticket.no_show') this.forgetOld(e.at)
        return
      default:
        return
    }
  }

  private forgetOld(now: number): void {
    if (this.known.size < 5000) return
    for (const [id, k] of this.known) if (k.issuedAt < now - FORGET_MS && !this.waiting.has(id)) this.known.delete(id)
  }

  issuedAt(id: string): number | undefined {
    return this.known.get(id)?.issuedAt
  }

  /** The predictor's input at `now`: windows in configuration order, then any unknown to it. */
  snapshot(now: number): PredictSnapshot {
    const windows = this.runtime.windowOrder.map((id) => this.window(id))
    return { now, windows, waiting: [...this.waiting.values()] }
  }

  /** Replaces the state with a store read (start-up, or after a gap in seq). */
  seed(seq: number, windows: WindowInput[], waiting: Array<WaitingInput & { issuedAt: number }>): void {
    this.seq = seq
    this.windows.clear()
    this.waiting.clear()
    for (const w of windows) this.windows.set(w.id, { ...w, current: w.current && { ...w.current } })
    for (const t of waiting) {
      this.known.set(t.id, { service: t.service, class: t.class, orderAt: t.orderAt, issuedAt: t.issuedAt })
      this.waiting.set(t.id, { id: t.id, service: t.service, class: t.class, queue: t.queue, orderAt: t.orderAt })
    }
  }
}
