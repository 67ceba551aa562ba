// Call next: refusals, the selection rules as the store applies them, and auto-complete.
import type { Test } from 'tap'
import type { WindowPolicy } from '../../../src/domain/types.ts'
import type { HallSpec } from '../../helpers/hall-runtime.ts'
import { SEC, T0, setupHall, types, type MakeStore } from './harness.ts'

/** Services A and B, one window W1 serving [A, B] with the given policy. */
const oneWindow = (policy: Partial<WindowPolicy> = {}): HallSpec => ({
  services: [{ id: 'A' }, { id: 'B' }],
  windows: [
    { id: 'W1', services: ['A', 'B'], policy },
    { id: 'W2', services: ['A'] },
  ],
})

export function callNextCases(t: Test, makeStore: MakeStore): void {
  t.test('nothing waiting: ticket null, completed null, no event', async (t) => {
    const fx = await setupHall(t, makeStore, oneWindow(), ['W1'])
    const seq = await fx.lastSeq()
    t.same(await fx.call('W1'), { ticket: null, completed: null })
    t.equal(await fx.lastSeq(), seq)
  })

  t.test('a closed, paused or unknown window cannot call', async (t) => {
    const fx = await setupHall(t, makeStore, oneWindow())
    const a = await fx.issueId('A')
    await fx.rejectsUnchanged(t, () => fx.call('W1'), 'QMS_ERR_WINDOW_NOT_OPEN', [a], 'closed')
    await fx.open('W1')
    await fx.setStatus('W1', 'paused', 'break')
    await fx.rejectsUnchanged(t, () => fx.call('W1'), 'QMS_ERR_WINDOW_NOT_OPEN', [a], 'paused')
    await fx.rejectsUnchanged(t, () => fx.call('W9'), 'QMS_ERR_WINDOW_NOT_FOUND', [a], 'unknown')
  })

  t.test('the called ticket leaves its queue, records window, time and rule', async (t) => {
    const fx = await setupHall(t, makeStore, oneWindow(), ['W1'])
    const a = await fx.issue('A')
    const now = fx.tick()
    const r = await fx.call('W1', now)
    t.match(r.ticket, { id: a.ticket.id, status: 'called', window: 'W1', calledAt: now, rule: 'fifo', queue: null })
    t.equal(r.completed, null)
    const ev = (await fx.events()).at(-1)
    t.match(ev, { type: 'ticket.called', ticket: a.ticket.id, window: 'W1', status: 'called', data: { rule: 'fifo' } })
    const w1 = await fx.window('W1')
    t.equal(w1.current, a.ticket.id)
    t.match(w1.currentTicket, { id: a.ticket.id, number: 'A001', service: 'A', status: 'called', class: 'normal' })
    t.equal((await fx.snapshot()).services[0]!.waiting, 0)
  })

  t.test("the window's own queue goes first, even before overdue and priority tickets", async (t) => {
    const fx = await setupHall(t, makeStore, oneWindow({ agingSec: 600 }), ['W1'])
    const old = await fx.issueId('A', { now: T0 })
    const mine = await fx.issueId('B', { now: T0 + 700 * SEC })
    await fx.store.transfer(fx.hall, mine, { window: 'W1' }, { now: T0 + 701 * SEC })
    await fx.issue('A', { cls: 'green', now: T0 + 702 * SEC })
    const r = await fx.call('W1', T0 + 703 * SEC)
    t.match(r.ticket, { id: mine, rule: 'window-queue' })
    t.match((await fx.call('W1', T0 + 704 * SEC)).ticket, { id: old, rule: 'aging' })
  })

  t.test('aging: an overdue ticket beats the policy and priority; oldest first', async (t) => {
    const fx = await setupHall(t, makeStore, oneWindow({ mode: 'order', agingSec: 600 }), ['W1'])
    const b1 = await fx.issueId('B', { now: T0 })
    const b2 = await fx.issueId('B', { now: T0 + 100 * SEC })
    const a1 = await fx.issueId('A', { now: T0 + 650 * SEC })
    const g1 = await fx.issueId('A', { cls: 'green', now: T0 + 650 * SEC })
    t.match((await fx.call('W1', T0 + 690 * SEC)).ticket, { id: b1, rule: 'aging' }, '690 s ≥ 600 s')
    t.match((await fx.call('W1', T0 + 699 * SEC)).ticket, { id: g1, rule: 'priority' }, 'B2 waited 599 s only')
    t.match((await fx.call('W1', T0 + 700 * SEC)).ticket, { id: b2, rule: 'aging' }, 'exactly agingSec is overdue')
    t.match((await fx.call('W1', T0 + 701 * SEC)).ticket, { id: a1, rule: 'order' })
  })

  t.test('priority tickets are called first, lowest band then oldest', async (t) => {
    const fx = await setupHall(t, makeStore, oneWindow({ maxConsecutivePriority: 10 }), ['W1'])
    const n1 = await fx.issueId('A')
    const ap = await fx.issueId('B', { cls: 'appointment' })
    const g1 = await fx.issueId('B', { cls: 'green' })
    const g2 = await fx.issueId('A', { cls: 'green' })
    const order = []
    for (let i = 0; i < 4; i++) {
      const r = await fx.call('W1')
      order.push([r.ticket!.id, r.ticket!.rule])
    }
    t.same(order, [
      [g1, 'priority'],
      [g2, 'priority'],
      [ap, 'priority'],
      [n1, 'fifo'],
    ])
  })

  t.test('the cap on consecutive priority calls lets a normal ticket through', async (t) => {
    const fx = await setupHall(t, makeStore, oneWindow({ maxConsecutivePriority: 2 }), ['W1'])
    const n1 = await fx.issueId('A')
    const g = [
      await fx.issueId('A', { cls: 'green' }),
      await fx.issueId('B', { cls: 'green' }),
      await fx.issueId('A', { cls: 'green' }),
    ]
    const seen = []
    for (let i = 0; i < 4; i++) {
      const r = await fx.call('W1')
      seen.push([r.ticket!.id, r.ticket!.rule, (await fx.window('W1')).consecutivePriority])
    }
    t.same(seen, [
      [g[0], 'priority', 1],
      [g[1], 'priority', 2],
      [n1, 'priority-cap', 0],
      [g[2], 'priority', 1],
    ])
  })

  t.test('the cap does not hold back priority tickets when no normal ticket waits', async (t) => {
    const fx = await setupHall(t, makeStore, oneWindow({ maxConsecutivePriority: 1 }), ['W1'])
    for (let i = 0; i < 3; i++) await fx.issue('A', { cls: 'green' })
    for (let i = 1; i <= 3; i++) {
      t.equal((await fx.call('W1')).ticket!.rule, 'priority')
      t.equal((await fx.window('W1')).consecutivePriority, i)
    }
  })

  t.test('fifo: the oldest normal ticket across services; equal times go by service order', async (t) => {
    const fx = await setupHall(t, makeStore, oneWindow({ mode: 'fifo' }), ['W1'])
    const a1 = await fx.issueId('A', { now: T0 + 20 * SEC })
    const b1 = await fx.issueId('B', { now: T0 + 10 * SEC })
    const b2 = await fx.issueId('B', { now: T0 + 30 * SEC })
    const a2 = await fx.issueId('A', { now: T0 + 30 * SEC })
    const got = []
    for (let i = 0; i < 4; i++) got.push((await fx.call('W1', T0 + 60 * SEC)).ticket!)
    t.same(
      got.map((x) => x.id),
      [b1, a1, a2, b2],
    )
    t.same(
      got.map((x) => x.rule),
      ['fifo', 'fifo', 'fifo', 'fifo'],
    )
  })

  t.test('equal times within one queue fall back to ticket id order', async (t) => {
    const fx = await setupHall(t, makeStore, oneWindow(), ['W1'])
    const now = T0 + 10 * SEC
    await fx.issue('A', { now, ticketId: 'zz-later-id' })
    await fx.issue('A', { now, ticketId: 'aa-earlier-id' })
    t.equal((await fx.ticket('zz-later-id')).ahead, 1)
    t.equal(await fx.callId('W1', now + SEC), 'aa-earlier-id')
  })

  t.test('order: the first service in the window list wins regardless of age', async (t) => {
    const fx = await setupHall(t, makeStore, oneWindow({ mode: 'order' }), ['W1'])
    const b1 = await fx.issueId('B')
    const a1 = await fx.issueId('A')
    t.match((await fx.call('W1')).ticket, { id: a1, rule: 'order' })
    t.match((await fx.call('W1')).ticket, { id: b1, rule: 'order' })
  })

  t.test('weighted: the largest wait times weight (default weight 1)', async (t) => {
    const fx = await setupHall(t, makeStore, oneWindow({ mode: 'weighted', weights: { B: 3 } }), ['W1'])
    const now = T0 + 1000 * SEC
    const a1 = await fx.issueId('A', { now: now - 100 * SEC })
    const b1 = await fx.issueId('B', { now: now - 40 * SEC })
    const b2 = await fx.issueId('B', { now: now - 20 * SEC })
    t.match((await fx.call('W1', now)).ticket, { id: b1, rule: 'weighted' }, '40*3 > 100*1')
    t.match((await fx.call('W1', now)).ticket, { id: a1, rule: 'weighted' }, '100*1 > 20*3')
    t.match((await fx.call('W1', now)).ticket, { id: b2, rule: 'weighted' })
  })

  t.test('weighted: equal scores go to the oldest ticket', async (t) => {
    const fx = await setupHall(t, makeStore, oneWindow({ mode: 'weighted', weights: { A: 1, B: 2 } }), ['W1'])
    const now = T0 + 1000 * SEC
    const b1 = await fx.issueId('B', { now: now - 50 * SEC })
    const a1 = await fx.issueId('A', { now: now - 100 * SEC })
    t.match((await fx.call('W1', now)).ticket, { id: a1 }, '100*1 = 50*2: the older one')
    t.match((await fx.call('W1', now)).ticket, { id: b1 })
  })

  t.test('a window calls only from its own services', async (t) => {
    const fx = await setupHall(t, makeStore, oneWindow(), ['W1', 'W2'])
    const b1 = await fx.issueId('B')
    t.equal((await fx.call('W2')).ticket, null, 'W2 serves A only')
    t.equal(await fx.callId('W1'), b1)
  })

  t.test('next completes the current ticket first, also on an empty queue', async (t) => {
    const fx = await setupHall(t, makeStore, oneWindow(), ['W1'])
    const a1 = await fx.issueId('A')
    const a2 = await fx.issueId('A')
    await fx.call('W1')
    const now = fx.tick()
    const events = await fx.appended(async () => {
      const r = await fx.call('W1', now)
      t.match(r.completed, { id: a1, status: 'done', outcome: 'completed', finishedAt: now })
      t.match(r.ticket, { id: a2, status: 'called' })
    })
    t.same(types(events), ['ticket.done', 'ticket.called'])
    t.match(events[0], { ticket: a1, status: 'done', data: { auto: true } })
    t.match(await fx.ticket(a1), { status: 'done', outcome: 'completed' })

    await fx.store.start(fx.hall, a2, { now: fx.tick() })
    const last = await fx.appended(async () => {
      const r = await fx.call('W1')
      t.equal(r.ticket, null)
      t.match(r.completed, { id: a2, status: 'done', outcome: 'completed' }, 'a serving ticket is completed too')
    })
    t.same(types(last), ['ticket.done'])
    t.equal((await fx.window('W1')).current, null)
    t.same(await fx.call('W1'), { ticket: null, completed: null })
  })

  t.test('a normal call resets consecutivePriority; a priority call from the window queue counts', async (t) => {
    const fx = await setupHall(t, makeStore, oneWindow(), ['W1'])
    const g = await fx.issueId('A', { cls: 'green' })
    await fx.store.transfer(fx.hall, g, { window: 'W1' }, { now: fx.tick() })
    await fx.issue('A')
    t.match((await fx.call('W1')).ticket, { id: g, rule: 'window-queue' })
    t.equal((await fx.window('W1')).consecutivePriority, 1)
    await fx.call('W1')
    t.equal((await fx.window('W1')).consecutivePriority, 0)
  })
}
