// The simulated day: citizens arrive and take tickets, clerks open their windows by their shift
// plan, call, serve, pause and close; citizens who wait too long leave, some who miss their call
// come back. Every action goes through a HallPort, so the hall's own rules decide who is called.
import type { HallDay, WindowStaffing } from './day-types.ts'
import { localTimeMs } from './day-types.ts'
import type { HallPort } from './hall-port.ts'
import type { Rng } from './rng.ts'
import type { Scheduler } from './scheduler.ts'
import type { Citizen } from './traffic.ts'

interface Clerk {
  staffing: WindowStaffing
  status: 'closed' | 'open' | 'paused'
  current: string | null
  idle: boolean // open, free, and found nothing to call: woken by the next arrival
  closing: 'hard' | 'drain' | null
  pendingBreakMin: number | null
}

interface TicketState {
  citizen: Citizen
  waiting: boolean
  calls: number
}

export class SimulatedHall {
  private readonly clerks = new Map<string, Clerk>()
  private readonly tickets = new Map<string, TicketState>()
  issued = 0

  constructor(
    private readonly day: HallDay,
    private readonly port: HallPort,
    private readonly sched: Scheduler,
    private readonly rng: Rng,
  ) {}

  /** Schedules the whole day: arrivals, shifts, breaks. Then `sched.run()` plays it. */
  plan(date: string, offsetMin: number, citizens: Citizen[]): void {
    const t = (hhmm: string): number => localTimeMs(date, hhmm, offsetMin)
    for (const s of this.day.staffing) {
      const clerk: Clerk = {
        staffing: s,
        status: 'closed',
        current: null,
        idle: false,
        closing: null,
        pendingBreakMin: null,
      }
      this.clerks.set(s.window, clerk)
      for (const shift of s.shifts) {
        this.sched.at(t(shift.from) + this.rng.uniform(0, 4) * 60_000, () => this.openWindow(clerk))
        this.sched.at(t(shift.to), () => this.endShift(clerk, shift.end))
      }
      for (const b of s.breaks)
        this.sched.at(t(b.at) + this.rng.uniform(-5, 5) * 60_000, () => this.takeBreak(clerk, b.minutes))
    }
    for (const c of citizens) this.sched.at(c.at, () => this.arrive(c))
  }

  private async arrive(c: Citizen): Promise<void> {
    const id = await this.port.issue(c, this.sched.now)
    if (!id) return
    this.issued++
    this.tickets.set(id, { citizen: c, waiting: true, calls: 0 })
    this.sched.after(c.patienceSec * 1000, () => this.giveUp(id))
    this.wakeIdle()
  }

  private async giveUp(id: string): Promise<void> {
    const t = this.tickets.get(id)
    if (!t?.waiting) return
    if (await this.port.act(id, 'cancel', this.sched.now)) t.waiting = false
  }

  /** Idle clerks notice a new ticket after a few seconds. */
  private wakeIdle(): void {
    for (const clerk of this.clerks.values()) {
      if (clerk.status !== 'open' || !clerk.idle) continue
      clerk.idle = false
      this.sched.after(this.rng.uniform(3, 15) * 1000, () => this.tryCall(clerk))
    }
  }

  /** For an allocation controller (bench/alloc-*): open a window now, or close it once its
   *  current ticket is done (the clerk goes to back-office work). Shifts and breaks still apply. */
  async command(window: string, status: 'open' | 'closed'): Promise<void> {
    const clerk = this.clerks.get(window)
    if (!clerk) return
    if (status === 'open') return this.openWindow(clerk)
    return this.endShift(clerk, 'hard')
  }

  private async openWindow(clerk: Clerk): Promise<void> {
    clerk.closing = null
    if (clerk.status === 'open') return
    if (await this.port.setWindow(clerk.staffing.window, 'open', this.sched.now)) clerk.status = 'open'
    await this.tryCall(clerk)
  }

  private async endShift(clerk: Clerk, end: 'hard' | 'drain'): Promise<void> {
    if (clerk.status === 'closed') return
    clerk.closing = end
    if (clerk.current === null && (clerk.status === 'paused' || clerk.idle || end === 'hard')) await this.close(clerk)
  }

  private async close(clerk: Clerk): Promise<void> {
    if (await this.port.setWindow(clerk.staffing.window, 'closed', this.sched.now)) {
      clerk.status = 'closed'
      clerk.closing = null
      clerk.idle = false
    }
  }

  private async takeBreak(clerk: Clerk, minutes: number): Promise<void> {
    if (clerk.status !== 'open') return
    if (clerk.current !== null) {
      clerk.pendingBreakMin = minutes
      return
    }
    await this.pause(clerk, minutes)
  }

  private async pause(clerk: Clerk, minutes: number): Promise<void> {
    clerk.pendingBreakMin = null
    if (!(await this.port.setWindow(clerk.staffing.window, 'paused', this.sched.now))) return
    clerk.status = 'paused'
    clerk.idle = false
    this.sched.after(minutes * 60_000 * this.rng.uniform(0.8, 1.3), async () => {
      if (clerk.status !== 'paused') return
      if (clerk.closing) return this.close(clerk)
      if (await this.port.setWindow(clerk.staffing.window, 'open', this.sched.now)) clerk.status = 'open'
      await this.tryCall(clerk)
    })
  }

  private async tryCall(clerk: Clerk): Promise<void> {
    if (clerk.status !== 'open' || clerk.current !== null) return
    const id = await this.port.callNext(clerk.staffing.window, this.sched.now)
    if (!id) {
      clerk.idle = true
      if (clerk.closing) await this.close(clerk)
      return
    }
    clerk.idle = false
    clerk.current = id
    const t = this.tickets.get(id)
    if (!t) return this.finish(clerk, id, 'complete', 60)
    t.waiting = false
    t.calls++
    const c = t.citizen
    if (c.noShow && t.calls === 1) {
      this.sched.after(this.rng.uniform(60, 120) * 1000, () => this.finish(clerk, id, 'noShow', 0))
      if (c.returnsAfterSec !== null) {
        this.sched.after(c.returnsAfterSec * 1000, async () => {
          if (await this.port.act(id, 'requeue', this.sched.now)) {
            t.waiting = true
            this.wakeIdle()
          }
        })
      }
      return
    }
    const walk = this.rng.uniform(10, 40)
    this.sched.after(walk * 1000, async () => {
      await this.port.act(id, 'start', this.sched.now)
      this.sched.after(c.handlingSec * clerk.staffing.speed * 1000, () => this.finish(clerk, id, 'complete', 0))
    })
  }

  private async finish(clerk: Clerk, id: string, op: 'complete' | 'noShow', delaySec: number): Promise<void> {
    if (delaySec > 0) return this.sched.after(delaySec * 1000, () => this.finish(clerk, id, op, 0))
    await this.port.act(id, op, this.sched.now)
    clerk.current = null
    if (clerk.pendingBreakMin !== null) return this.pause(clerk, clerk.pendingBreakMin)
    if (clerk.closing === 'hard') return this.close(clerk)
    this.sched.after(this.rng.uniform(5, 25) * 1000, () => this.tryCall(clerk))
  }
}
