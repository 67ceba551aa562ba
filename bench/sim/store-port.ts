// HallPort over the in-process store (the embedded default), with the simulator's clock: the
// same queue engine the core runs, a simulated day in about a second.
import { businessDate } from '../../src/domain/calendar.ts'
import { QmsError } from '../../src/domain/errors.ts'
import type { HallRuntime } from '../../src/domain/types.ts'
import type { QueueStore } from '../../src/store/port.ts'
import type { HallPort, WindowCommand } from './hall-port.ts'
import type { Citizen } from './traffic.ts'

export class StoreHallPort implements HallPort {
  private n = 0

  constructor(
    private readonly store: QueueStore,
    private readonly hall: string,
    private readonly runtime: HallRuntime,
    private readonly idPrefix: string,
  ) {}

  async issue(c: Citizen, now: number): Promise<string | null> {
    const ticketId = `${this.idPrefix}-${String(++this.n).padStart(4, '0')}`
    const date = businessDate(this.runtime.timezone, now)
    return refusedAsNull(async () => {
      await this.store.issue(this.hall, { service: c.service, priorityClass: c.cls, date, ticketId, now })
      return ticketId
    })
  }

  async callNext(window: string, now: number): Promise<string | null> {
    return refusedAsNull(async () => (await this.store.callNext(this.hall, window, { now })).ticket?.id ?? null)
  }

  async act(ticket: string, op: 'start' | 'complete' | 'noShow' | 'cancel' | 'requeue', now: number): Promise<boolean> {
    return (await refusedAsNull(async () => this.store[op](this.hall, ticket, { now }))) !== null
  }

  async setWindow(window: string, status: WindowCommand, now: number): Promise<boolean> {
    return (await refusedAsNull(async () => this.store.setWindowStatus(this.hall, window, status, { now }))) !== null
  }
}

/** A refusal by the hall's rules is part of the simulation (null); anything else is a bug. */
async function refusedAsNull<T>(op: () => Promise<T>): Promise<T | null> {
  try {
    return await op()
  } catch (e) {
    if (e instanceof QmsError) return null
    throw e
  }
}
