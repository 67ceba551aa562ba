// Details of the ticket operations beyond the status table: recall, complete, hold/resume,
// transfer, requeue and cancel.
import type { Test } from 'tap'
import type { HallRules } from '../../../src/domain/types.ts'
import { BASIC, SEC, T0, setupHall, types, type MakeStore } from './harness.ts'
import { ticketIn } from './transition-matrix.ts'

const withRules = (rules: Partial<HallRules>) => ({ ...BASIC, rules })

export function ticketOpCases(t: Test, makeStore: MakeStore): void {
  t.test('recall counts up to maxRecalls, then refuses', async (t) => {
    const fx = await setupHall(t, makeStore, withRules({ maxRecalls: 2 }), ['W1'])
    const id = await ticketIn(fx, 'called')
    const r1 = await fx.appended(async () =>
      t.match(await fx.store.recall(fx.hall, 'W1', { now: fx.tick() }), { id, recalls: 1, status: 'called' }),
    )
    t.match(r1, [{ type: 'ticket.recalled', ticket: id, data: { recalls: 1 } }])
    t.equal((await fx.store.recall(fx.hall, 'W1', { now: fx.tick() })).recalls, 2)
    await fx.rejectsUnchanged(t, () => fx.store.recall(fx.hall, 'W1', { now: fx.tick() }), 'QMS_ERR_RECALL_LIMIT', [id])
  })

  t.test('recall needs a called current ticket', async (t) => {
    const fx = await setupHall(t, makeStore, undefined, ['W1'])
    await fx.rejectsUnchanged(
      t,
      () => fx.store.recall(fx.hall, 'W1', { now: fx.tick() }),
      'QMS_ERR_NO_CURRENT_TICKET',
      [],
      'no current',
    )
    const id = await ticketIn(fx, 'serving')
    await fx.rejectsUnchanged(
      t,
      () => fx.store.recall(fx.hall, 'W1', { now: fx.tick() }),
      'QMS_ERR_NO_CURRENT_TICKET',
      [id],
      'serving',
    )
    await fx.rejectsUnchanged(
      t,
      () => fx.store.recall(fx.hall, 'W9', { now: fx.tick() }),
      'QMS_ERR_WINDOW_NOT_FOUND',
      [id],
      'unknown window',
    )
  })

  t.test('start, complete and noShow record their times and outcome', async (t) => {
    const fx = await setupHall(t, makeStore, undefined, ['W1'])
    const a = await ticketIn(fx, 'called')
    const started = fx.tick()
    t.match(await fx.store.start(fx.hall, a, { now: started }), { status: 'serving', startedAt: started })
    const done = fx.tick()
    const events = await fx.appended(async () => {
      t.match(await fx.store.complete(fx.hall, a, { now: done, outcome: 'referred' }), {
        status: 'done',
        outcome: 'referred',
        finishedAt: done,
      })
    })
    t.match(events, [{ type: 'ticket.done', data: { outcome: 'referred' } }])
    const b = await ticketIn(fx, 'called')
    t.match(await fx.store.complete(fx.hall, b, { now: fx.tick() }), { outcome: 'completed' }, 'default outcome')
    const c = await ticketIn(fx, 'called')
    const gone = fx.tick()
    t.match(await fx.store.noShow(fx.hall, c, { now: gone }), { status: 'no_show', finishedAt: gone })
  })

  t.test('hold frees the window but keeps the ticket tied to it; resume brings it back', async (t) => {
    const fx = await setupHall(t, makeStore, undefined, ['W1'])
    const held = await ticketIn(fx, 'held')
    t.match(await fx.ticket(held), { status: 'held', window: 'W1', queue: null })
    const other = await fx.issueId('A')
    t.equal(await fx.callId('W1'), other, 'the window serves others meanwhile')
    await fx.rejectsUnchanged(t, () => fx.store.resume(fx.hall, held, { now: fx.tick() }), 'QMS_ERR_WINDOW_BUSY', [
      held,
      other,
    ])
    await fx.store.complete(fx.hall, other, { now: fx.tick() })
    await fx.setStatus('W1', 'paused', 'materials')
    await fx.rejectsUnchanged(
      t,
      () => fx.store.resume(fx.hall, held, { now: fx.tick() }),
      'QMS_ERR_WINDOW_NOT_OPEN',
      [held],
      'paused',
    )
    await fx.setStatus('W1', 'closed')
    await fx.rejectsUnchanged(
      t,
      () => fx.store.resume(fx.hall, held, { now: fx.tick() }),
      'QMS_ERR_WINDOW_NOT_OPEN',
      [held],
      'closed',
    )
    await fx.open('W1')
    const now = fx.tick()
    t.match(await fx.store.resume(fx.hall, held, { now }), { status: 'called', window: 'W1' })
    t.equal((await fx.window('W1')).current, held)
  })

  t.test('transfer to another service keeps number and place by time', async (t) => {
    const fx = await setupHall(t, makeStore, undefined, ['W1'])
    const a = await fx.issue('A', { now: T0 + 1 * SEC })
    await fx.issue('B', { now: T0 + 2 * SEC })
    await fx.issue('B', { now: T0 + 3 * SEC })
    t.equal(await fx.callId('W1', T0 + 4 * SEC), a.ticket.id)
    await fx.store.start(fx.hall, a.ticket.id, { now: T0 + 5 * SEC })
    const events = await fx.appended(() =>
      fx.store.transfer(fx.hall, a.ticket.id, { service: 'B' }, { now: T0 + 6 * SEC }),
    )
    const after = await fx.ticket(a.ticket.id)
    t.match(after, {
      number: 'A001',
      service: 'B',
      status: 'waiting',
      queue: 's:B',
      window: null,
      orderAt: a.ticket.orderAt,
      issuedAt: a.ticket.issuedAt,
      transfers: 1,
      calledAt: null,
      startedAt: null,
      ahead: 0,
    })
    t.match(events, [{ type: 'ticket.transferred', ticket: a.ticket.id, service: 'B', data: { to: 's:B' } }])
    t.ok(events[0]!.data && 'from' in events[0]!.data, 'data names where it came from')
    t.equal((await fx.window('W1')).current, null)
    t.match((await fx.snapshot()).services, [
      { id: 'A', waiting: 0 },
      { id: 'B', waiting: 3 },
    ])
  })

  t.test('transfer to a window puts the ticket in that window queue', async (t) => {
    const fx = await setupHall(t, makeStore, undefined, ['W1', 'W2'])
    const a = await fx.issue('A')
    const events = await fx.appended(() =>
      fx.store.transfer(fx.hall, a.ticket.id, { window: 'W2' }, { now: fx.tick() }),
    )
    t.match(events, [{ type: 'ticket.transferred', data: { from: 's:A', to: 'w:W2' } }])
    t.match(await fx.ticket(a.ticket.id), {
      queue: 'w:W2',
      window: 'W2',
      service: 'A',
      orderAt: a.ticket.orderAt,
      transfers: 1,
    })
    t.equal((await fx.window('W2')).queueLength, 1)
    t.equal((await fx.call('W1')).ticket, null, 'W1 does not see W2 own queue')
    t.match((await fx.call('W2')).ticket, { id: a.ticket.id, rule: 'window-queue' })
  })

  t.test('transfer to the queue a ticket already waits in, or to nowhere, is refused', async (t) => {
    const fx = await setupHall(t, makeStore, undefined, ['W1'])
    const a = await fx.issueId('A')
    const tr = (target: { service: string } | { window: string }) => () =>
      fx.store.transfer(fx.hall, a, target, { now: fx.tick() })
    await fx.rejectsUnchanged(t, tr({ service: 'A' }), 'QMS_ERR_INVALID_TRANSITION', [a], 'same service queue')
    await fx.rejectsUnchanged(t, tr({ service: 'Z' }), 'QMS_ERR_SERVICE_NOT_FOUND', [a], 'unknown service')
    await fx.rejectsUnchanged(t, tr({ window: 'W9' }), 'QMS_ERR_WINDOW_NOT_FOUND', [a], 'unknown window')
    await fx.store.transfer(fx.hall, a, { window: 'W1' }, { now: fx.tick() })
    await fx.rejectsUnchanged(t, tr({ window: 'W1' }), 'QMS_ERR_INVALID_TRANSITION', [a], 'same window queue')
  })

  t.test('a called ticket may go back to its own service queue, at its old place', async (t) => {
    const fx = await setupHall(t, makeStore, undefined, ['W1'])
    const a1 = await fx.issueId('A')
    const a2 = await fx.issueId('A')
    t.equal(await fx.callId('W1'), a1)
    await fx.store.transfer(fx.hall, a1, { service: 'A' }, { now: fx.tick() })
    t.match(await fx.ticket(a1), { status: 'waiting', queue: 's:A', ahead: 0 })
    t.equal((await fx.ticket(a2)).ahead, 1)
  })

  t.test('transfer to an assigned service picks a window as at issue', async (t) => {
    const fx = await setupHall(
      t,
      makeStore,
      {
        services: [{ id: 'A' }, { id: 'S', mode: 'assigned' }],
        windows: [
          { id: 'W1', services: ['A', 'S'] },
          { id: 'W2', services: ['S'] },
        ],
      },
      ['W1', 'W2'],
    )
    await fx.issue('S') // → W1
    const a = await fx.issueId('A')
    await fx.store.transfer(fx.hall, a, { service: 'S' }, { now: fx.tick() })
    t.match(await fx.ticket(a), { service: 'S', queue: 'w:W2', window: 'W2', number: 'A001' })
  })

  t.test('requeue at the tail, at the original place, or not at all', async (t) => {
    t.test('tail', async (t) => {
      const fx = await setupHall(t, makeStore, withRules({ noShowRequeue: 'tail', maxRequeues: 2 }), ['W1'])
      const ns = await ticketIn(fx, 'no_show')
      const later = await fx.issueId('A')
      const now = fx.tick()
      const events = await fx.appended(async () => {
        t.match(await fx.store.requeue(fx.hall, ns, { now }), {
          status: 'waiting',
          queue: 's:A',
          orderAt: now,
          requeues: 1,
          finishedAt: null,
        })
      })
      t.match(events, [{ type: 'ticket.requeued', ticket: ns, status: 'waiting' }])
      t.equal((await fx.ticket(ns)).ahead, 1, 'behind the ticket issued after it')
      t.not((await fx.ticket(ns)).issuedAt, now, 'issuedAt never changes')
      t.equal(await fx.callId('W1'), later)
    })
    t.test('original', async (t) => {
      const fx = await setupHall(t, makeStore, withRules({ noShowRequeue: 'original', maxRequeues: 1 }), ['W1'])
      const ns = await ticketIn(fx, 'no_show')
      const before = await fx.ticket(ns)
      await fx.issue('A')
      t.match(await fx.store.requeue(fx.hall, ns, { now: fx.tick() }), { orderAt: before.orderAt, requeues: 1 })
      t.equal((await fx.ticket(ns)).ahead, 0, 'back at its original place')
      t.equal(await fx.callId('W1'), ns)
      await fx.store.noShow(fx.hall, ns, { now: fx.tick() })
      await fx.rejectsUnchanged(
        t,
        () => fx.store.requeue(fx.hall, ns, { now: fx.tick() }),
        'QMS_ERR_REQUEUE_NOT_ALLOWED',
        [ns],
        'maxRequeues reached',
      )
    })
    t.test('none', async (t) => {
      const fx = await setupHall(t, makeStore, withRules({ noShowRequeue: 'none', maxRequeues: 3 }), ['W1'])
      const ns = await ticketIn(fx, 'no_show')
      await fx.rejectsUnchanged(
        t,
        () => fx.store.requeue(fx.hall, ns, { now: fx.tick() }),
        'QMS_ERR_REQUEUE_NOT_ALLOWED',
        [ns],
      )
    })
  })

  t.test('requeue to an assigned service picks a window as at issue', async (t) => {
    const fx = await setupHall(
      t,
      makeStore,
      {
        services: [{ id: 'S', mode: 'assigned' }],
        windows: [
          { id: 'W1', services: ['S'] },
          { id: 'W2', services: ['S'] },
        ],
        rules: { noShowRequeue: 'original', maxRequeues: 1 },
      },
      ['W1', 'W2'],
    )
    const s1 = await fx.issueId('S') // → W1
    t.equal(await fx.callId('W1'), s1)
    await fx.store.noShow(fx.hall, s1, { now: fx.tick() })
    await fx.issue('S') // → W1 (0 vs 0)
    await fx.store.requeue(fx.hall, s1, { now: fx.tick() })
    t.match(await fx.ticket(s1), { status: 'waiting', queue: 'w:W2', window: 'W2' }, 'W1 has one waiting, W2 none')
  })

  t.test('cancel leaves the queue or the window', async (t) => {
    const fx = await setupHall(t, makeStore, undefined, ['W1'])
    const waiting = await ticketIn(fx, 'waiting')
    const now = fx.tick()
    t.match(await fx.store.cancel(fx.hall, waiting, { now }), { status: 'cancelled', finishedAt: now, queue: null })
    t.equal((await fx.snapshot()).services[0]!.waiting, 0)
    const called = await ticketIn(fx, 'called')
    await fx.store.cancel(fx.hall, called, { now: fx.tick() })
    t.equal((await fx.window('W1')).current, null)
    const held = await ticketIn(fx, 'held')
    t.match(await fx.store.cancel(fx.hall, held, { now: fx.tick() }), { status: 'cancelled' })
    const noShow = await ticketIn(fx, 'no_show')
    t.match(await fx.store.cancel(fx.hall, noShow, { now: fx.tick() }), { status: 'cancelled' })
    const waitingInWindow = await fx.issueId('A')
    await fx.store.transfer(fx.hall, waitingInWindow, { window: 'W1' }, { now: fx.tick() })
    await fx.store.cancel(fx.hall, waitingInWindow, { now: fx.tick() })
    t.equal((await fx.window('W1')).queueLength, 0)
    t.same(types(await fx.events()).filter((x) => x === 'ticket.cancelled').length, 5)
  })
}
