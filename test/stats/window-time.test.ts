// Window time and clerk attribution edge cases (pure): a window open overnight, a pause while a
// ticket is current, a ticket held and transferred away; audit rows written after the event.
import t from 'tap'
import type { QueueEvent } from '../../src/domain/types.ts'
import { ClerkAttribution } from '../../src/stats/attribution.ts'
import { windowTimes } from '../../src/stats/window-time.ts'

let seq = 0
const ev = (type: QueueEvent['type'], at: number, more: Partial<QueueEvent> = {}): QueueEvent => ({
  seq: ++seq,
  type,
  at,
  hall: 'h',
  ...more,
})
const M = 60_000

t.test('open, paused, busy and idle time', async (t) => {
  const events = [
    ev('ticket.called', 10 * M, { ticket: 'a', window: 'w1', status: 'called' }),
    ev('window.status', 12 * M, { window: 'w1', status: 'paused' }), // paused with a ticket current
    ev('window.status', 15 * M, { window: 'w1', status: 'open' }),
    ev('ticket.started', 16 * M, { ticket: 'a', window: 'w1', status: 'serving' }),
    ev('ticket.held', 20 * M, { ticket: 'a', window: 'w1', status: 'held' }),
    ev('ticket.resumed', 25 * M, { ticket: 'a', window: 'w1', status: 'called' }),
    ev('ticket.transferred', 28 * M, { ticket: 'a', status: 'waiting' }), // leaves the window
    ev('ticket.called', 30 * M, { ticket: 'b', window: 'w2', status: 'called' }),
    ev('ticket.done', 40 * M, { ticket: 'b', window: 'w2', status: 'done' }),
    ev('window.status', 50 * M, { window: 'w2', status: 'closed' }),
  ]
  // w1 was open before the period (overnight), w2 opened before it too; the period ends at 60 min.
  const times = windowTimes(
    events,
    new Map([
      ['w1', 'open'],
      ['w2', 'open'],
    ]),
    0,
    60 * M,
  )
  t.same(times.get('w1'), { openMs: 57 * M, pausedMs: 3 * M, busyMs: (2 + 5 + 3) * M, idleMs: 47 * M })
  t.same(times.get('w2'), { openMs: 50 * M, pausedMs: 0, busyMs: 10 * M, idleMs: 40 * M })
  const early = windowTimes(events, new Map([['w1', 'open']]), 0, 11 * M)
  t.same(
    early.get('w1'),
    { openMs: 11 * M, pausedMs: 0, busyMs: M, idleMs: 10 * M },
    'clipped at the end of the period',
  )
})

t.test('clerk attribution from the audit log', async (t) => {
  const W = 'POST /api/v1/halls/:hall/windows/:window/'
  const T = 'POST /api/v1/halls/:hall/tickets/:ticket/'
  const clerks = new ClerkAttribution([
    { tokenId: 'ann', action: `${W}open`, target: 'w1', at: 1000 },
    { tokenId: 'ann', action: `${W}call-next`, target: 'w1', at: 5_020 },
    { tokenId: 'bob', action: `${T}start`, target: 'x', at: 6_000 },
    { tokenId: 'cat', action: `${T}complete`, target: 'x', at: 9_000 },
    { tokenId: 'dan', action: `${W}call-next`, target: 'w2', at: 70_001 },
    { tokenId: null, action: `${W}call-next`, target: 'w2', at: 80_000 },
  ])
  t.equal(clerks.clerkOf({ id: 'x', window: 'w1', calledAt: 5_000 }), 'cat', 'who completed it')
  t.equal(clerks.clerkOf({ id: 'y', window: 'w1', calledAt: 5_000 }), 'ann', 'the call-next right after the call')
  t.equal(clerks.clerkOf({ id: 'z', window: 'w1', calledAt: 50_000 }), 'ann', 'else the last action at the window')
  t.equal(clerks.clerkOf({ id: 'z', window: 'w2', calledAt: 60_000 }), null, 'a call-next 10 s later is another call')
  t.equal(clerks.clerkOf({ id: 'q', window: null, calledAt: null }), null)
})
