// The hall a replay log implies, learned from the log as it goes (see csv-log.ts).
import { NORMAL_CLASS, type EventType, type HallRuntime } from '../../../src/domain/types.ts'
import type { LogTicket, ReplayOptions } from './csv-log.ts'

/**
 * How much of a head start priority tickets get. A strict priority band would let a busy stream
 * of priority tickets starve everyone else; many queues (the bank log among them) instead let a
 * priority ticket pass normal tickets only up to some age gap. Every call that passes an older
 * lower-class ticket shows a gap the policy allowed; the 90th percentile of those gaps becomes
 * the windows' aging time (a ticket waiting that long is called first, whatever its class),
 * which is how the calling policy (src/domain/select.ts) expresses a head start.
 */
class HeadStart {
  private readonly gaps: number[] = []
  private readonly waiting = new Map<string, LogTicket>()

  issued(t: LogTicket): void {
    this.waiting.set(t.id, t)
  }

  left(t: LogTicket): void {
    this.waiting.delete(t.id)
  }

  /** A call of `t` by a window serving `services`, with the hall's class order `bands`. */
  called(t: LogTicket, services: string[], bands: string[]): void {
    this.waiting.delete(t.id)
    const band = bands.indexOf(t.cls)
    let oldestLower = Infinity
    for (const w of this.waiting.values()) {
      if (services.includes(w.service) && bands.indexOf(w.cls) > band) oldestLower = Math.min(oldestLower, w.issuedAt)
    }
    if (oldestLower < t.issuedAt) this.gaps.push(t.issuedAt - oldestLower)
  }

  /** Aging time in seconds, or null while there is no evidence (strict priority). */
  agingSec(): number | null {
    if (this.gaps.length < 10) return null
    const sorted = [...this.gaps].sort((a, b) => a - b)
    return Math.max(30, Math.round(sorted[Math.floor(0.9 * (sorted.length - 1))]! / 1000))
  }
}

/** The hall as far as the log has shown it. Returns a new runtime whenever it changes. */
export class LearnedHall {
  private readonly rt: HallRuntime
  private readonly headStart = new HeadStart()
  private agingSec: number | null = null

  constructor(private readonly opts: ReplayOptions) {
    this.rt = opts.runtime
      ? structuredClone(opts.runtime)
      : {
          hall: 'replay',
          timezone: 'UTC',
          services: {},
          serviceOrder: [],
          windows: {},
          windowOrder: [],
          classes: { [NORMAL_CLASS]: { id: NORMAL_CLASS, rank: 0 } },
          classBands: [NORMAL_CLASS],
          rules: { maxRecalls: 3, noShowRequeue: 'none', maxRequeues: 0 },
        }
  }

  learn(type: EventType, t: LogTicket): HallRuntime | null {
    if (this.opts.runtime) return null
    let changed = false
    if (type === 'ticket.issued') this.headStart.issued(t)
    if (type === 'ticket.cancelled') this.headStart.left(t)
    if (!this.rt.services[t.service]) {
      this.rt.services[t.service] = {
        id: t.service,
        prefix: 'X',
        mode: 'shared',
        digits: 3,
        meanHandlingSec: this.opts.priorHandlingSec,
        dailyLimit: null,
        windows: [],
      }
      this.rt.serviceOrder.push(t.service)
      changed = true
    }
    if (!this.rt.classes[t.cls]) {
      // Priority classes are called before normal, in the order they first appear.
      this.rt.classes[t.cls] = { id: t.cls, rank: 1 }
      this.rt.classBands.splice(this.rt.classBands.length - 1, 0, t.cls)
      changed = true
    }
    if (type === 'ticket.called' && t.window) {
      let w = this.rt.windows[t.window]
      if (!w) {
        const agingSec = this.agingSec ?? 1e9
        w = {
          id: t.window,
          services: [],
          policy: { mode: 'fifo', weights: {}, maxConsecutivePriority: 1_000_000, agingSec },
        }
        this.rt.windows[t.window] = w
        this.rt.windowOrder.push(t.window)
        changed = true
      }
      if (!w.services.includes(t.service)) {
        w.services.push(t.service)
        w.policy.weights[t.service] = 1
        this.rt.services[t.service]!.windows.push(t.window)
        changed = true
      }
      this.headStart.called(t, w.services, this.rt.classBands)
      const aging = this.headStart.agingSec()
      if (aging !== null && (this.agingSec === null || Math.abs(aging - this.agingSec) > 0.1 * this.agingSec)) {
        this.agingSec = aging
        for (const id of this.rt.windowOrder) this.rt.windows[id]!.policy.agingSec = aging
        changed = true
      }
    }
    return changed ? structuredClone(this.rt) : null
  }
}
