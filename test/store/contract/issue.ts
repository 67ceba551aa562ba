// Issue: numbering, refusals, idempotency, daily limit, ahead/eta and assigned-mode routing.
import type { Test } from 'tap'
import { DATE, NEXT_DATE, setupHall, types, type MakeStore } from './harness.ts'

export function issueCases(t: Test, makeStore: MakeStore): void {
  t.test('numbers count per service: A001, A002 and B001 from independent counters', async (t) => {
    const fx = await setupHall(t, makeStore)
    const numbers = []
    for (const s of ['A', 'A', 'B', 'A', 'B']) numbers.push((await fx.issue(s)).ticket.number)
    t.same(numbers, ['A001', 'A002', 'B001', 'A003', 'B002'])
  })

  t.test('an issued ticket is waiting in its service queue with every field set', async (t) => {
    const fx = await setupHall(t, makeStore)
    const now = fx.tick()
    const r = await fx.issue('A', { now, ticketId: 'tk-issue-1' })
    t.equal(r.created, true)
    t.match(r.ticket, {
      id: 'tk-issue-1',
      hall: fx.hall,
      number: 'A001',
      service: 'A',
      class: 'normal',
      status: 'waiting',
      issuedAt: now,
      orderAt: now,
      date: DATE,
      queue: 's:A',
      window: null,
      calledAt: null,
      startedAt: null,
      finishedAt: null,
      recalls: 0,
      requeues: 0,
      transfers: 0,
      rule: null,
      outcome: null,
      aheadAtIssue: 0,
      etaAtIssueSec: 0,
    })
    const events = await fx.events()
    t.same(types(events), ['hall.configured', 'ticket.issued'])
    t.match(events[1], {
      seq: 2,
      type: 'ticket.issued',
      at: now,
      hall: fx.hall,
      ticket: 'tk-issue-1',
      number: 'A001',
      service: 'A',
      class: 'normal',
      status: 'waiting',
    })
  })

  t.test('a new business date restarts numbering at 001', async (t) => {
    const fx = await setupHall(t, makeStore)
    await fx.issue('A')
    await fx.issue('A')
    t.equal((await fx.issue('A', { date: NEXT_DATE })).ticket.number, 'A001')
    t.equal((await fx.issue('A', { date: NEXT_DATE })).ticket.number, 'A002')
    t.equal((await fx.issue('B', { date: NEXT_DATE })).ticket.number, 'B001')
  })

  t.test('numbers are padded to the service digits and grow past them without wrapping', async (t) => {
    const fx = await setupHall(t, makeStore, {
      services: [
        { id: 'A', digits: 4 },
        { id: 'B', digits: 1, prefix: 'Q' },
      ],
      windows: [{ id: 'W1', services: ['A', 'B'] }],
    })
    t.equal((await fx.issue('A')).ticket.number, 'A0001')
    const b = []
    for (let i = 0; i < 11; i++) b.push((await fx.issue('B')).ticket.number)
    t.same(b, ['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6', 'Q7', 'Q8', 'Q9', 'Q10', 'Q11'])
  })

  t.test('unknown service or class is refused, changes nothing and consumes no number', async (t) => {
    const fx = await setupHall(t, makeStore)
    await fx.rejectsUnchanged(t, () => fx.issue('NOPE'), 'QMS_ERR_SERVICE_NOT_FOUND')
    await fx.rejectsUnchanged(t, () => fx.issue('A', { cls: 'vip' }), 'QMS_ERR_UNKNOWN_PRIORITY_CLASS')
    t.equal((await fx.issue('A')).ticket.number, 'A001')
  })

  t.test('an unknown hall is refused', async (t) => {
    const fx = await setupHall(t, makeStore)
    await t.rejects(fx.store.issue('h-missing0', { service: 'A', date: DATE, ticketId: 'x', now: fx.tick() }), {
      code: 'QMS_ERR_HALL_NOT_FOUND',
    })
  })

  t.test('an idempotency key returns the same ticket without a new number or event', async (t) => {
    const fx = await setupHall(t, makeStore)
    const first = await fx.issue('A', { key: 'kiosk-7:42' })
    const seq = await fx.lastSeq()
    const again = await fx.issue('A', { key: 'kiosk-7:42' })
    t.equal(again.created, false)
    t.equal(again.ticket.id, first.ticket.id)
    t.equal(again.ticket.number, 'A001')
    t.equal(await fx.lastSeq(), seq, 'no event for a repeated key')
    t.equal((await fx.issue('A')).ticket.number, 'A002', 'the repeat consumed no number')
  })

  t.test('an idempotency key used for another service or class conflicts and changes nothing', async (t) => {
    const fx = await setupHall(t, makeStore)
    const first = await fx.issueId('A', { key: 'k1' })
    await fx.rejectsUnchanged(
      t,
      () => fx.issue('B', { key: 'k1' }),
      'QMS_ERR_IDEMPOTENCY_CONFLICT',
      [first],
      'other service',
    )
    await fx.rejectsUnchanged(
      t,
      () => fx.issue('A', { key: 'k1', cls: 'green' }),
      'QMS_ERR_IDEMPOTENCY_CONFLICT',
      [first],
      'other class',
    )
    t.equal((await fx.issue('B')).ticket.number, 'B001')
  })

  t.test('an idempotency key still returns its ticket after the ticket was transferred', async (t) => {
    const fx = await setupHall(t, makeStore)
    const first = await fx.issueId('A', { key: 'k1' })
    await fx.store.transfer(fx.hall, first, { service: 'B' }, { now: fx.tick() })
    const again = await fx.issue('A', { key: 'k1' })
    t.match(again, { created: false, ticket: { id: first, service: 'B', number: 'A001' } })
    await t.rejects(
      fx.issue('B', { key: 'k1' }),
      { code: 'QMS_ERR_IDEMPOTENCY_CONFLICT' },
      'the key belongs to service A',
    )
  })

  t.test('an idempotency key is scoped to the business date', async (t) => {
    const fx = await setupHall(t, makeStore)
    const first = await fx.issue('A', { key: 'k1' })
    const nextDay = await fx.issue('A', { key: 'k1', date: NEXT_DATE })
    t.equal(nextDay.created, true)
    t.not(nextDay.ticket.id, first.ticket.id)
  })

  t.test('the daily limit refuses the next ticket of that service and date only', async (t) => {
    const fx = await setupHall(t, makeStore, {
      services: [{ id: 'A', dailyLimit: 2 }, { id: 'B' }],
      windows: [{ id: 'W1', services: ['A', 'B'] }],
    })
    const a1 = await fx.issueId('A')
    await fx.issue('A')
    await fx.rejectsUnchanged(t, () => fx.issue('A'), 'QMS_ERR_DAILY_LIMIT')
    await fx.store.cancel(fx.hall, a1, { now: fx.tick() })
    await t.rejects(fx.issue('A'), { code: 'QMS_ERR_DAILY_LIMIT' }, 'cancelled tickets still count')
    t.equal((await fx.issue('B')).ticket.number, 'B001')
    t.equal((await fx.issue('A', { date: NEXT_DATE })).ticket.number, 'A001')
  })

  t.test('ahead and etaSec at issue use the open windows serving the service', async (t) => {
    // meanHandlingSec 300; A is served by W1 and W2.
    const fx = await setupHall(t, makeStore)
    const r1 = await fx.issue('A')
    const r2 = await fx.issue('A')
    t.match(r1, { ahead: 0, etaSec: 0 })
    t.match(r2, { ahead: 1, etaSec: 300 }, 'no window open counts as one')
    await fx.open('W1', 'W2')
    const r3 = await fx.issue('A')
    t.match(r3, { ahead: 2, etaSec: 300 }, 'ceil(2 * 300 / 2)')
    t.match(r3.ticket, { aheadAtIssue: 2, etaAtIssueSec: 300 })
    const r4 = await fx.issue('A')
    t.match(r4, { ahead: 3, etaSec: 450 })
    t.match(await fx.issue('B'), { ahead: 0, etaSec: 0 }, 'another service has its own queue')
  })

  t.test('a forecast passed at issue is kept as etaAtIssueSec and in the issued event', async (t) => {
    const fx = await setupHall(t, makeStore)
    await fx.issue('A')
    const req = { service: 'A', date: DATE, ticketId: 'tk-forecast-1', now: fx.tick(), etaSec: 754.4 }
    const r = await fx.store.issue(fx.hall, req)
    t.match(r, { ahead: 1, etaSec: 754, created: true })
    t.match(r.ticket, { aheadAtIssue: 1, etaAtIssueSec: 754 })
    t.match(await fx.store.getTicket(fx.hall, 'tk-forecast-1'), { etaAtIssueSec: 754 })
    t.match((await fx.events()).at(-1), { type: 'ticket.issued', ticket: 'tk-forecast-1', data: { etaSec: 754 } })
    const zero = await fx.store.issue(fx.hall, { ...req, ticketId: 'tk-forecast-2', now: fx.tick(), etaSec: 0 })
    t.match(zero, { ahead: 2, etaSec: 0 }, 'a zero forecast is a forecast, not a missing one')
    t.match(await fx.issue('A'), { ahead: 3, etaSec: 900 }, 'without one: the simple estimate')
  })

  t.test('priority classes go ahead of normal tickets, in band order', async (t) => {
    const fx = await setupHall(t, makeStore)
    await fx.issue('A')
    await fx.issue('A')
    t.equal((await fx.issue('A', { cls: 'appointment' })).ahead, 0)
    t.equal((await fx.issue('A', { cls: 'green' })).ahead, 0, 'green is band 0, before appointment')
    t.equal((await fx.issue('A', { cls: 'green' })).ahead, 1)
    t.equal((await fx.issue('A', { cls: 'appointment' })).ahead, 3)
    const last = await fx.issue('A')
    t.equal(last.ahead, 6)
    t.equal(last.ticket.number, 'A007', 'priority tickets share the service counter')
    t.equal(last.ticket.class, 'normal')
  })

  t.test('assigned mode: the open window with the shortest own queue (busy counts one)', async (t) => {
    const fx = await setupHall(
      t,
      makeStore,
      {
        services: [{ id: 'S', mode: 'assigned', meanHandlingSec: 120 }],
        windows: [
          { id: 'W1', services: ['S'] },
          { id: 'W2', services: ['S'] },
          { id: 'W3', services: ['S'] },
        ],
      },
      ['W1', 'W2'],
    )
    const s1 = await fx.issue('S')
    t.match(s1.ticket, { queue: 'w:W1', window: 'W1' }, 'tie: configuration order')
    const s2 = await fx.issue('S')
    t.match(s2.ticket, { queue: 'w:W2', window: 'W2' })
    const s3 = await fx.issue('S')
    t.match(s3.ticket, { queue: 'w:W1', window: 'W1' })
    t.match(s3, { ahead: 1, etaSec: 120 }, 'a window queue is served by its one window')
    // W1 calls S1: W1 now has one waiting plus a current ticket (2), W2 has one.
    t.equal(await fx.callId('W1'), s1.ticket.id)
    t.match((await fx.issue('S')).ticket, { queue: 'w:W2', window: 'W2' })
    t.match((await fx.issue('S')).ticket, { queue: 'w:W1', window: 'W1' }, '2 vs 2: configuration order')
  })

  t.test('assigned mode with no open window waits in the service queue', async (t) => {
    const fx = await setupHall(t, makeStore, {
      services: [{ id: 'S', mode: 'assigned' }],
      windows: [
        { id: 'W1', services: ['S'] },
        { id: 'W2', services: ['S'] },
      ],
    })
    await fx.open('W2')
    await fx.setStatus('W2', 'paused', 'lunch')
    const r = await fx.issue('S')
    t.match(r.ticket, { queue: 's:S', window: null })
    t.equal((await fx.snapshot()).services[0]!.waiting, 1)
  })
}
