// Reads (getTicket, snapshot, eventsSince) and the event stream (one event per state change,
// gap-free seq, live subscription).
import type { Test } from 'tap'
import type { QueueEvent } from '../../../src/domain/types.ts'
import { buildHallRuntime, hallDocument } from '../../helpers/hall-runtime.ts'
import { BASIC, DATE, SEC, T0, newHallId, newTicketId, setupHall, types, type MakeStore } from './harness.ts'

/** Two shared services, two windows serving both. */
const TWO_WINDOWS = {
  services: [{ id: 'A' }, { id: 'B' }],
  windows: [
    { id: 'W1', services: ['A', 'B'] },
    { id: 'W2', services: ['A', 'B'] },
  ],
}

/** Waits until `events` holds `n` entries (live delivery is asynchronous), at most `ms`. */
async function collected(events: QueueEvent[], n: number, ms = 5000): Promise<void> {
  const until = Date.now() + ms
  while (events.length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 10))
}

export function readEventCases(t: Test, makeStore: MakeStore): void {
  t.test('getTicket: ahead and etaSec with current counts; 0 once not waiting', async (t) => {
    const fx = await setupHall(t, makeStore, undefined, ['W1', 'W2'])
    const ids = [await fx.issueId('A'), await fx.issueId('A'), await fx.issueId('A')]
    t.match(await fx.ticket(ids[2]!), { ahead: 2, etaSec: 300, aheadAtIssue: 2 })
    await fx.call('W2')
    t.match(await fx.ticket(ids[2]!), { ahead: 1, etaSec: 150, aheadAtIssue: 2 }, 'ceil(1 * 300 / 2)')
    t.match(await fx.ticket(ids[0]!), { status: 'called', ahead: 0, etaSec: 0 })
    t.equal(await fx.store.getTicket(fx.hall, 'nope'), null)
  })

  t.test('snapshot: windows in configuration order, current ticket, per-service waiting', async (t) => {
    const fx = await setupHall(
      t,
      makeStore,
      {
        services: [
          { id: 'A', meanHandlingSec: 200 },
          { id: 'B', meanHandlingSec: 100 },
        ],
        windows: [
          { id: 'W2', services: ['A'] },
          { id: 'W1', services: ['A', 'B'] },
          { id: 'W3', services: ['B'] },
        ],
      },
      ['W1', 'W2'],
    )
    const g = await fx.issue('A', { cls: 'green' })
    const a = [await fx.issueId('A'), await fx.issueId('A'), await fx.issueId('A'), await fx.issueId('A')]
    await fx.issue('B')
    await fx.call('W1') // calls the green ticket
    await fx.store.transfer(fx.hall, a[3]!, { window: 'W2' }, { now: fx.tick() })
    await fx.setStatus('W2', 'paused', 'printer')
    const now = T0 + 3_600_000
    const snap = await fx.snapshot(now)
    t.equal(snap.hall, fx.hall)
    t.equal(snap.at, now)
    t.equal(snap.seq, (await fx.events()).at(-1)!.seq)
    t.same(
      snap.windows.map((w) => w.id),
      ['W2', 'W1', 'W3'],
    )
    t.match(snap.windows[0], {
      id: 'W2',
      status: 'paused',
      reason: 'printer',
      current: null,
      currentTicket: null,
      queueLength: 1,
    })
    t.same(snap.windows[1]!.currentTicket, {
      id: g.ticket.id,
      number: 'A001',
      service: 'A',
      status: 'called',
      class: 'green',
    })
    t.match(snap.windows[1], { id: 'W1', status: 'open', current: g.ticket.id, queueLength: 0, consecutivePriority: 1 })
    t.match(
      snap.services,
      [
        { id: 'A', waiting: 4, openWindows: 1 },
        { id: 'B', waiting: 1, openWindows: 1, etaSec: 100 },
      ],
      'waiting counts service and window queues; paused windows are not open',
    )
    t.same(Object.keys(snap.services[0]!).sort(), ['etaSec', 'id', 'oldestWaitSec', 'openWindows', 'waiting'])
  })

  t.test('snapshot oldestWaitSec: from the issue time of the oldest waiting ticket, over every queue', async (t) => {
    const fx = await setupHall(t, makeStore, undefined, ['W2'])
    t.match(
      (await fx.snapshot()).services,
      [
        { id: 'A', oldestWaitSec: 0 },
        { id: 'B', oldestWaitSec: 0 },
      ],
      'none waits: 0',
    )
    const a1 = await fx.issueId('A', { now: T0 + 10 * SEC })
    const a2 = await fx.issueId('A', { now: T0 + 20 * SEC })
    // Issued before the next ticket but ordered after it (like an appointment's slot).
    const late = await fx.issueId('A', { now: T0 + 25 * SEC, orderAt: T0 + 3600 * SEC })
    await fx.issueId('A', { now: T0 + 30 * SEC })
    await fx.issueId('B', { now: T0 + 40 * SEC })
    const now = T0 + 100 * SEC + 999
    t.match(
      (await fx.snapshot(now)).services,
      [
        { id: 'A', waiting: 4, oldestWaitSec: 90 },
        { id: 'B', waiting: 1, oldestWaitSec: 60 },
      ],
      'whole seconds since issue',
    )
    t.equal(await fx.callId('W2', T0 + 50 * SEC), a1)
    t.match((await fx.snapshot(now)).services[0], { waiting: 3, oldestWaitSec: 80 }, 'a called ticket no longer waits')
    await fx.store.transfer(fx.hall, a2, { window: 'W1' }, { now: T0 + 60 * SEC })
    t.match((await fx.snapshot(now)).services[0], { waiting: 3, oldestWaitSec: 80 }, "a window's own queue counts too")
    await fx.store.cancel(fx.hall, a2, { now: T0 + 70 * SEC })
    t.match(
      (await fx.snapshot(now)).services[0],
      { waiting: 2, oldestWaitSec: 75 },
      'the next oldest: ordered last, issued first',
    )
    t.equal((await fx.ticket(late)).ahead, 1)
    t.match((await fx.snapshot(T0)).services[0], { oldestWaitSec: 0 }, 'never negative')
  })

  t.test('snapshot etaSec: what a new ticket of the service would wait', async (t) => {
    const fx = await setupHall(t, makeStore)
    for (let i = 0; i < 3; i++) await fx.issue('A')
    t.match(
      (await fx.snapshot()).services[0],
      { id: 'A', waiting: 3, openWindows: 0, etaSec: 900 },
      'no open window counts as one',
    )
    await fx.open('W1', 'W2')
    t.match((await fx.snapshot()).services[0], { waiting: 3, openWindows: 2, etaSec: 450 })
    t.match((await fx.snapshot()).services[1], { id: 'B', waiting: 0, openWindows: 1, etaSec: 0 })
  })

  t.test('eventsSince: ascending after `since`, at most `limit`', async (t) => {
    const fx = await setupHall(t, makeStore, undefined, ['W1'])
    for (let i = 0; i < 5; i++) await fx.issue('A')
    t.same(
      (await fx.store.eventsSince(fx.hall, 2, 3)).map((e) => e.seq),
      [3, 4, 5],
    )
    t.same(
      (await fx.store.eventsSince(fx.hall, 0, 100)).map((e) => e.seq),
      [1, 2, 3, 4, 5, 6, 7],
    )
    t.same(await fx.store.eventsSince(fx.hall, 7, 100), [])
    t.same(await fx.store.eventsSince(fx.hall, 3, 0), [])
  })

  t.test('one event per state change, seq gap-free from 1, in order', async (t) => {
    const fx = await setupHall(t, makeStore, TWO_WINDOWS, ['W1'])
    const s = fx.store
    const a = await fx.issueId('A')
    const b = await fx.issueId('B')
    await fx.call('W1')
    await s.recall(fx.hall, 'W1', { now: fx.tick() })
    await s.start(fx.hall, a, { now: fx.tick() })
    await s.hold(fx.hall, a, { now: fx.tick() })
    await s.resume(fx.hall, a, { now: fx.tick() })
    await fx.call('W1') // auto-completes a, calls b
    await s.noShow(fx.hall, b, { now: fx.tick() })
    await s.requeue(fx.hall, b, { now: fx.tick() })
    await s.transfer(fx.hall, b, { window: 'W2' }, { now: fx.tick() })
    await s.setWindowStatus(fx.hall, 'W1', 'open', { now: fx.tick() }) // no-op
    await fx.call('W1') // nothing for W1: no event
    await s.cancel(fx.hall, b, { now: fx.tick() })
    const events = await fx.events()
    t.same(
      events.map((e) => e.seq),
      events.map((_, i) => i + 1),
    )
    t.same(types(events), [
      'hall.configured',
      'window.status',
      'ticket.issued',
      'ticket.issued',
      'ticket.called',
      'ticket.recalled',
      'ticket.started',
      'ticket.held',
      'ticket.resumed',
      'ticket.done',
      'ticket.called',
      'ticket.no_show',
      'ticket.requeued',
      'ticket.transferred',
      'ticket.cancelled',
    ])
    t.ok(events.every((e) => e.hall === fx.hall))
    t.ok(
      events.slice(1).every((e, i) => e.at >= events[i]!.at),
      'event times never go back',
    )
  })

  t.test('subscribe: live events of mutations, in seq order; unsubscribe stops them', async (t) => {
    const fx = await setupHall(t, makeStore, undefined, ['W1'])
    const got: QueueEvent[] = []
    const unsubscribe = await fx.store.subscribe(fx.hall, (e) => got.push(e))
    const from = await fx.lastSeq()
    for (let i = 0; i < 5; i++) await fx.issue(i % 2 ? 'A' : 'B')
    await fx.call('W1')
    await fx.call('W1')
    await collected(got, 8)
    t.same(got, await fx.events(from), 'the same events as the stream, in order')
    await unsubscribe()
    await fx.issue('A')
    await new Promise((r) => setTimeout(r, 200))
    t.equal(got.length, 8, 'nothing after unsubscribe')
  })

  t.test('subscribers see only their own hall', async (t) => {
    const fx = await setupHall(t, makeStore, undefined, ['W1'])
    const otherHall = newHallId()
    await fx.store.configureHall(otherHall, hallDocument(otherHall, BASIC), buildHallRuntime(otherHall, BASIC), {
      now: T0,
    })
    const got: QueueEvent[] = []
    const unsubscribe = await fx.store.subscribe(fx.hall, (e) => got.push(e))
    t.teardown(unsubscribe)
    await fx.store.issue(otherHall, { service: 'A', date: DATE, ticketId: newTicketId(), now: fx.tick() })
    await fx.issue('A')
    await collected(got, 1)
    await new Promise((r) => setTimeout(r, 100))
    t.same(
      got.map((e) => [e.hall, e.type]),
      [[fx.hall, 'ticket.issued']],
    )
  })
}
