// Window status changes: open/pause/close, no-ops, busy windows, and where a closing window's
// own queue goes.
import type { Test } from 'tap'
import { T0, SEC, setupHall, types, type MakeStore } from './harness.ts'

export function windowCases(t: Test, makeStore: MakeStore): void {
  t.test('open, pause with a reason, reopen, close', async (t) => {
    const fx = await setupHall(t, makeStore)
    t.match(
      await fx.window('W1'),
      { status: 'closed', current: null, reason: null, consecutivePriority: 0 },
      'new windows are closed',
    )
    const set = (status: 'open' | 'paused' | 'closed', now: number, reason?: string) =>
      fx.store.setWindowStatus(fx.hall, 'W1', status, reason === undefined ? { now } : { now, reason })

    const ev1 = await fx.appended(async () =>
      t.match(await set('open', T0 + 1 * SEC), { id: 'W1', status: 'open', since: T0 + 1 * SEC, reason: null }),
    )
    t.match(ev1, [{ type: 'window.status', window: 'W1', status: 'open', at: T0 + 1 * SEC }])
    const ev2 = await fx.appended(async () =>
      t.match(await set('paused', T0 + 2 * SEC, '午休 lunch'), {
        status: 'paused',
        reason: '午休 lunch',
        since: T0 + 2 * SEC,
      }),
    )
    t.match(ev2, [{ type: 'window.status', status: 'paused', data: { reason: '午休 lunch' } }])
    t.match(await fx.window('W1'), { status: 'paused', reason: '午休 lunch' })
    t.match(await set('open', T0 + 3 * SEC, 'ignored'), { status: 'open', reason: null }, 'reason only for paused')
    t.match(await set('closed', T0 + 4 * SEC), { status: 'closed', reason: null, since: T0 + 4 * SEC })
    t.same(types(await fx.events()), [
      'hall.configured',
      'window.status',
      'window.status',
      'window.status',
      'window.status',
    ])
  })

  t.test('setting the status a window already has changes nothing', async (t) => {
    const fx = await setupHall(t, makeStore, undefined, ['W1'])
    const before = await fx.window('W1')
    const seq = await fx.lastSeq()
    t.match(await fx.store.setWindowStatus(fx.hall, 'W1', 'open', { now: fx.tick() }), {
      status: 'open',
      since: before.since,
    })
    t.match(await fx.store.setWindowStatus(fx.hall, 'W2', 'closed', { now: fx.tick() }), { status: 'closed' })
    t.equal(await fx.lastSeq(), seq, 'no event')
  })

  t.test('only an open window can pause; unknown windows are refused', async (t) => {
    const fx = await setupHall(t, makeStore)
    const pause = () => fx.store.setWindowStatus(fx.hall, 'W1', 'paused', { now: fx.tick(), reason: 'x' })
    await fx.rejectsUnchanged(t, pause, { code: 'QMS_ERR_INVALID_TRANSITION', details: { status: 'closed' } })
    await fx.rejectsUnchanged(
      t,
      () => fx.store.setWindowStatus(fx.hall, 'W9', 'open', { now: fx.tick() }),
      'QMS_ERR_WINDOW_NOT_FOUND',
    )
    await fx.open('W1')
    await fx.setStatus('W1', 'paused', 'x')
    t.match(
      await fx.store.setWindowStatus(fx.hall, 'W1', 'closed', { now: fx.tick() }),
      { status: 'closed' },
      'paused → closed',
    )
  })

  t.test('a window with a current ticket cannot close', async (t) => {
    const fx = await setupHall(t, makeStore, undefined, ['W1'])
    const a = await fx.issueId('A')
    await fx.call('W1')
    const close = () => fx.store.setWindowStatus(fx.hall, 'W1', 'closed', { now: fx.tick() })
    await fx.rejectsUnchanged(t, close, 'QMS_ERR_WINDOW_BUSY', [a], 'called')
    await fx.store.start(fx.hall, a, { now: fx.tick() })
    await fx.rejectsUnchanged(t, close, 'QMS_ERR_WINDOW_BUSY', [a], 'serving')
    await fx.store.complete(fx.hall, a, { now: fx.tick() })
    t.match(await close(), { status: 'closed', current: null })
  })

  t.test('any status change resets consecutivePriority', async (t) => {
    const fx = await setupHall(t, makeStore, undefined, ['W1'])
    await fx.issue('A', { cls: 'green' })
    await fx.issue('A')
    await fx.call('W1')
    t.equal((await fx.window('W1')).consecutivePriority, 1)
    await fx.setStatus('W1', 'paused', 'x')
    t.equal((await fx.window('W1')).consecutivePriority, 0)
  })

  t.test('closing moves the own queue: assigned tickets to another open window, others to their service', async (t) => {
    const fx = await setupHall(
      t,
      makeStore,
      {
        services: [{ id: 'A' }, { id: 'S', mode: 'assigned' }],
        windows: [
          { id: 'W1', services: ['A', 'S'] },
          { id: 'W2', services: ['S'] },
          { id: 'W3', services: ['S'] },
        ],
      },
      ['W1', 'W2'],
    )
    const a1 = await fx.issue('A') // oldest: first in W1's queue once transferred there
    const s1 = await fx.issue('S') // → W1 (tie, configuration order)
    const s2 = await fx.issue('S') // → W2
    const s3 = await fx.issue('S') // → W1 (1 vs 1)
    t.same(
      [s1, s2, s3].map((r) => r.ticket.window),
      ['W1', 'W2', 'W1'],
    )
    await fx.store.transfer(fx.hall, a1.ticket.id, { window: 'W1' }, { now: fx.tick() })
    await fx.open('W3')
    const events = await fx.appended(() => fx.store.setWindowStatus(fx.hall, 'W1', 'closed', { now: fx.tick() }))
    t.same(types(events), ['window.status', 'ticket.reassigned', 'ticket.reassigned', 'ticket.reassigned'])
    t.match(events.slice(1), [
      { ticket: a1.ticket.id, data: { from: 'w:W1', to: 's:A' } },
      { ticket: s1.ticket.id, data: { from: 'w:W1', to: 'w:W3' } },
      { ticket: s3.ticket.id, data: { from: 'w:W1', to: 'w:W2' } },
    ])
    t.match(await fx.ticket(a1.ticket.id), {
      status: 'waiting',
      queue: 's:A',
      window: null,
      orderAt: a1.ticket.orderAt,
    })
    t.match(await fx.ticket(s1.ticket.id), {
      status: 'waiting',
      queue: 'w:W3',
      window: 'W3',
      orderAt: s1.ticket.orderAt,
    })
    t.match(await fx.ticket(s3.ticket.id), { queue: 'w:W2', window: 'W2', ahead: 1 })
    const snap = await fx.snapshot()
    t.same(
      snap.windows.map((w) => [w.id, w.status, w.queueLength]),
      [
        ['W1', 'closed', 0],
        ['W2', 'open', 2],
        ['W3', 'open', 1],
      ],
    )
    t.match(snap.services, [
      { id: 'A', waiting: 1 },
      { id: 'S', waiting: 3 },
    ])
  })

  t.test('closing the last open window sends assigned tickets to their service queue', async (t) => {
    const fx = await setupHall(
      t,
      makeStore,
      {
        services: [{ id: 'S', mode: 'assigned' }],
        windows: [
          { id: 'W1', services: ['S'] },
          { id: 'W2', services: ['S'] },
        ],
      },
      ['W1'],
    )
    const s1 = await fx.issueId('S')
    const events = await fx.appended(() => fx.store.setWindowStatus(fx.hall, 'W1', 'closed', { now: fx.tick() }))
    t.match(events, [
      { type: 'window.status' },
      { type: 'ticket.reassigned', ticket: s1, data: { from: 'w:W1', to: 's:S' } },
    ])
    t.match(await fx.ticket(s1), { queue: 's:S', window: null })
    await fx.open('W2')
    t.match((await fx.call('W2')).ticket, { id: s1 }, 'an open window of the service calls it from the service queue')
  })
}
