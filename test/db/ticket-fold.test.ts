// The ticket row is a pure function of the ticket's events.
import t from 'tap'
import { foldTicket } from '../../src/archive/ticket-fold.ts'
import type { QueueEvent } from '../../src/domain/types.ts'

const T0 = Date.UTC(2026, 10, 23, 1, 0, 0) // 09:00 in Shanghai
const base = { hall: 'h1', ticket: 'tk1', number: 'A001', service: 'svc-a', class: 'normal' }
const ev = (seq: number, type: QueueEvent['type'], at: number, extra: Partial<QueueEvent> = {}): QueueEvent =>
  ({ seq, type, at, ...base, ...extra }) as QueueEvent
const dateOf = (at: number): string => new Date(at + 8 * 3600_000).toISOString().slice(0, 10)

const life: QueueEvent[] = [
  ev(1, 'ticket.issued', T0, { status: 'waiting', data: { issuedAt: T0, ahead: 3, etaSec: 540 } }),
  ev(4, 'ticket.called', T0 + 60_000, { status: 'called', window: 'w1', data: { rule: 'fifo' } }),
  ev(5, 'ticket.recalled', T0 + 90_000, { status: 'called', window: 'w1', data: { recalls: 1 } }),
  ev(6, 'ticket.started', T0 + 120_000, { status: 'serving', window: 'w1' }),
  ev(9, 'ticket.done', T0 + 400_000, { status: 'done', window: 'w1', data: { outcome: 'completed' } }),
]

t.test('a served ticket: timings, window, rule, outcome', async (t) => {
  const row = foldTicket(life, dateOf)!
  t.match(row, {
    hall: 'h1',
    id: 'tk1',
    number: 'A001',
    service: 'svc-a',
    class: 'normal',
    businessDate: '2026-11-23',
    status: 'done',
    outcome: 'completed',
    window: 'w1',
    rule: 'fifo',
    issuedAt: T0,
    calledAt: T0 + 60_000,
    startedAt: T0 + 120_000,
    finishedAt: T0 + 400_000,
    recalls: 1,
    aheadAtIssue: 3,
    etaAtIssueSec: 540,
    firstSeq: 1,
    lastSeq: 9,
  })
})

t.test('order of delivery does not matter', async (t) => {
  t.same(foldTicket([...life].reverse(), dateOf), foldTicket(life, dateOf))
  t.same(foldTicket([life[3]!, life[0]!, life[4]!, life[1]!, life[2]!], dateOf), foldTicket(life, dateOf))
})

t.test('an open ticket has no outcome; no-show then requeue reopens it', async (t) => {
  t.equal(foldTicket(life.slice(0, 2), dateOf)!.outcome, null)
  const requeued = foldTicket(
    [
      ...life.slice(0, 2),
      ev(7, 'ticket.no_show', T0 + 200_000, { status: 'no_show', window: 'w1' }),
      ev(8, 'ticket.requeued', T0 + 300_000, { status: 'waiting' }),
    ],
    dateOf,
  )!
  t.match(requeued, {
    status: 'waiting',
    outcome: null,
    finishedAt: null,
    requeues: 1,
    window: null,
    calledAt: T0 + 60_000,
  })
})

t.test('transfer counts and moves the ticket; cancel closes it', async (t) => {
  const row = foldTicket(
    [
      life[0]!,
      ev(2, 'ticket.transferred', T0 + 10_000, {
        status: 'waiting',
        service: 'svc-b',
        data: { from: 's:svc-a', to: 's:svc-b' },
      }),
      ev(3, 'ticket.cancelled', T0 + 20_000, { status: 'cancelled', service: 'svc-b' }),
    ],
    dateOf,
  )!
  t.match(row, { service: 'svc-b', transfers: 1, status: 'cancelled', outcome: 'cancelled', finishedAt: T0 + 20_000 })
})

t.test('business date: from data.date when present, else the hall-local date of issue', async (t) => {
  const lateEvening = Date.UTC(2026, 10, 23, 16, 30) // 00:30 on the 24th in Shanghai
  t.equal(foldTicket([ev(1, 'ticket.issued', lateEvening)], dateOf)!.businessDate, '2026-11-24')
  t.equal(
    foldTicket([ev(1, 'ticket.issued', lateEvening, { data: { date: '2026-11-23' } })], dateOf)!.businessDate,
    '2026-11-23',
  )
  t.equal(foldTicket([], dateOf), null)
})
