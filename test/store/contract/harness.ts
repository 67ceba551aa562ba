// Shared plumbing of the contract suite: one fresh store and one random hall per subtest,
// a pinned clock, and the "a failed operation changes nothing" check.
import { randomBytes, randomUUID } from 'node:crypto'
import type { Test } from 'tap'
import type { ErrorCode } from '../../../src/domain/errors.ts'
import type { HallRuntime, QueueEvent, TicketView, WindowStatus } from '../../../src/domain/types.ts'
import type { IssueRequest, IssueResult, PersonRef, QueueStore } from '../../../src/store/port.ts'
import { buildHallRuntime, hallDocument, type HallSpec } from '../../helpers/hall-runtime.ts'

export type MakeStore = () => Promise<{ store: QueueStore; cleanup: () => Promise<void> }>

/** Monday 2025-03-03 09:00 in Asia/Shanghai. */
export const T0 = Date.UTC(2025, 2, 3, 1, 0, 0)
export const DATE = '2025-03-03'
export const NEXT_DATE = '2025-03-04'
export const SEC = 1000

export const newHallId = (): string => `h-${randomUUID().slice(0, 8)}`
export const newTicketId = (): string => randomBytes(16).toString('base64url')

/** Two shared services A and B, one window W1 serving both (fifo), one W2 serving A. */
export const BASIC: HallSpec = {
  services: [{ id: 'A' }, { id: 'B' }],
  windows: [
    { id: 'W1', services: ['A', 'B'] },
    { id: 'W2', services: ['A'] },
  ],
}

export interface IssueOptions {
  cls?: string
  key?: string
  date?: string
  now?: number
  ticketId?: string
  orderAt?: number
  person?: PersonRef
  reserved?: boolean
}

export interface HallState {
  snapshot: unknown
  events: QueueEvent[]
  tickets: (TicketView | null)[]
}

export class HallFixture {
  /** The clock moves 1 s per fixture operation unless a test passes `now`. */
  clock = T0

  constructor(
    readonly store: QueueStore,
    readonly hall: string,
    readonly runtime: HallRuntime,
  ) {}

  tick(ms = SEC): number {
    this.clock += ms
    return this.clock
  }

  issue(service: string, o: IssueOptions = {}): Promise<IssueResult> {
    const req: IssueRequest = {
      service,
      date: o.date ?? DATE,
      ticketId: o.ticketId ?? newTicketId(),
      now: o.now ?? this.tick(),
    }
    if (o.cls !== undefined) req.priorityClass = o.cls
    if (o.key !== undefined) req.idempotencyKey = o.key
    if (o.orderAt !== undefined) req.orderAt = o.orderAt
    if (o.person !== undefined) req.person = o.person
    if (o.reserved !== undefined) req.reserved = o.reserved
    return this.store.issue(this.hall, req)
  }

  /** Issues and returns the ticket id. */
  async issueId(service: string, o: IssueOptions = {}): Promise<string> {
    return (await this.issue(service, o)).ticket.id
  }

  async setStatus(window: string, status: WindowStatus, reason?: string): Promise<void> {
    const ctx: { now: number; reason?: string } = { now: this.tick() }
    if (reason !== undefined) ctx.reason = reason
    await this.store.setWindowStatus(this.hall, window, status, ctx)
  }

  async open(...windows: string[]): Promise<void> {
    for (const w of windows) await this.setStatus(w, 'open')
  }

  call(window: string, now?: number) {
    return this.store.callNext(this.hall, window, { now: now ?? this.tick() })
  }

  /** Calls next and returns the called ticket's id (fails the test when nothing was called). */
  async callId(window: string, now?: number): Promise<string> {
    const r = await this.call(window, now)
    if (!r.ticket) throw new Error(`expected ${window} to call a ticket`)
    return r.ticket.id
  }

  async ticket(id: string): Promise<TicketView> {
    const v = await this.store.getTicket(this.hall, id)
    if (!v) throw new Error(`ticket ${id} not found`)
    return v
  }

  events(since = 0): Promise<QueueEvent[]> {
    return this.store.eventsSince(this.hall, since, 1_000_000)
  }

  async lastSeq(): Promise<number> {
    return (await this.store.snapshot(this.hall, { now: this.clock })).seq
  }

  snapshot(now = this.clock) {
    return this.store.snapshot(this.hall, { now })
  }

  async window(id: string) {
    const w = (await this.snapshot()).windows.find((x) => x.id === id)
    if (!w) throw new Error(`window ${id} not in snapshot`)
    return w
  }

  async state(ticketIds: string[] = []): Promise<HallState> {
    return {
      snapshot: await this.store.snapshot(this.hall, { now: T0 }),
      events: await this.events(),
      tickets: await Promise.all(ticketIds.map((id) => this.store.getTicket(this.hall, id))),
    }
  }

  /** `op` must fail with `code` and leave snapshot, event stream and the given tickets as they were. */
  async rejectsUnchanged(
    t: Test,
    op: () => Promise<unknown>,
    expected: ErrorCode | { code: ErrorCode; [k: string]: unknown },
    ticketIds: string[] = [],
    msg: string = typeof expected === 'string' ? expected : expected.code,
  ): Promise<void> {
    const before = await this.state(ticketIds)
    await t.rejects(op, typeof expected === 'string' ? { code: expected } : expected, msg)
    t.same(await this.state(ticketIds), before, `${msg}: nothing changed`)
  }

  /** Runs `op` and returns the events it appended. */
  async appended(op: () => Promise<unknown>): Promise<QueueEvent[]> {
    const since = await this.lastSeq()
    await op()
    return this.events(since)
  }
}

/** A fresh store (cleaned up after `t`) with one freshly configured random hall. */
export async function setupHall(
  t: Test,
  makeStore: MakeStore,
  spec: HallSpec = BASIC,
  open: string[] = [],
): Promise<HallFixture> {
  const { store, cleanup } = await makeStore()
  t.teardown(cleanup)
  const hall = newHallId()
  const runtime = buildHallRuntime(hall, spec)
  await store.configureHall(hall, hallDocument(hall, spec), runtime, { now: T0 })
  const fx = new HallFixture(store, hall, runtime)
  await fx.open(...open)
  return fx
}

export const types = (events: QueueEvent[]): string[] => events.map((e) => e.type)
