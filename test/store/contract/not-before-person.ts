// Issue options added for appointments and identity: a later `orderAt` (not called before it),
// one active ticket per person, service and date (atomic), the masked holder, and pre-booked
// tickets that the daily limit never refuses.
import type { Test } from 'tap'
import { DATE, NEXT_DATE, SEC, T0, newTicketId, setupHall, type MakeStore } from './harness.ts'

const ALICE = { key: 'hk_alice_0123456789abcdef', mask: '4403**********1234' }
const BOB = { key: 'hk_bob_0123456789abcdef', mask: '138****5678' }

export function notBeforePersonCases(t: Test, makeStore: MakeStore): void {
  t.test('a ticket is not called before its orderAt; walk-ins keep moving meanwhile', async (t) => {
    const fx = await setupHall(t, makeStore, undefined, ['W1'])
    const slot = T0 + 600 * SEC
    const appt = await fx.issue('A', { cls: 'appointment', now: T0 + SEC, orderAt: slot })
    t.match(appt.ticket, { issuedAt: T0 + SEC, orderAt: slot, class: 'appointment', status: 'waiting' })
    const n1 = await fx.issueId('A', { now: T0 + 2 * SEC })
    const n2 = await fx.issueId('B', { now: T0 + 3 * SEC })
    t.match((await fx.call('W1', T0 + 10 * SEC)).ticket, { id: n1, rule: 'fifo' }, 'the early appointment waits')
    t.match((await fx.call('W1', T0 + 20 * SEC)).ticket, { id: n2, rule: 'fifo' })
    t.match(await fx.call('W1', T0 + 30 * SEC), { ticket: null }, 'nothing due: nothing called')
    t.match(await fx.ticket(appt.ticket.id), { status: 'waiting' })
    const n3 = await fx.issueId('A', { now: slot - 60 * SEC })
    t.match((await fx.call('W1', slot - 1)).ticket, { id: n3 }, '1 ms before the slot: still the walk-in')
    const n4 = await fx.issueId('A', { now: slot - 30 * SEC })
    t.match((await fx.call('W1', slot)).ticket, { id: appt.ticket.id, rule: 'priority' }, 'due at the slot: priority')
    t.match((await fx.call('W1', slot + SEC)).ticket, { id: n4 })
  })

  t.test("not before its time also in a window's own queue", async (t) => {
    const fx = await setupHall(t, makeStore, undefined, ['W1'])
    const slot = T0 + 600 * SEC
    const appt = await fx.issueId('A', { cls: 'appointment', now: T0 + SEC, orderAt: slot })
    await fx.store.transfer(fx.hall, appt, { window: 'W1' }, { now: T0 + 2 * SEC })
    t.match(await fx.ticket(appt), { queue: 'w:W1', orderAt: slot }, 'a transfer keeps orderAt')
    const n1 = await fx.issueId('A', { now: T0 + 3 * SEC })
    t.match((await fx.call('W1', T0 + 4 * SEC)).ticket, { id: n1, rule: 'fifo' })
    t.match((await fx.call('W1', slot)).ticket, { id: appt, rule: 'window-queue' })
  })

  t.test('an earlier orderAt places a ticket by that time', async (t) => {
    const fx = await setupHall(t, makeStore, undefined, ['W1'])
    const n1 = await fx.issueId('A', { now: T0 + 100 * SEC })
    const late = await fx.issue('A', { now: T0 + 200 * SEC, orderAt: T0 + 50 * SEC })
    t.match(late, { ahead: 0, ticket: { issuedAt: T0 + 200 * SEC, orderAt: T0 + 50 * SEC, aheadAtIssue: 0 } })
    t.equal((await fx.ticket(n1)).ahead, 1)
    t.equal(await fx.callId('W1', T0 + 300 * SEC), late.ticket.id)
  })

  t.test('one active ticket per person, service and date; refusal changes nothing', async (t) => {
    const fx = await setupHall(t, makeStore, undefined, ['W1'])
    const first = await fx.issue('A', { person: ALICE })
    t.equal(first.ticket.holder, ALICE.mask, 'the masked holder is kept for staff')
    t.equal((await fx.ticket(first.ticket.id)).holder, ALICE.mask)
    await fx.rejectsUnchanged(t, () => fx.issue('A', { person: ALICE }), 'QMS_ERR_DUPLICATE_TICKET', [first.ticket.id])
    await fx.rejectsUnchanged(t, () => fx.issue('A', { person: ALICE, cls: 'green' }), 'QMS_ERR_DUPLICATE_TICKET')
    t.equal((await fx.issue('B', { person: ALICE })).ticket.number, 'B001', 'another service is fine')
    t.equal((await fx.issue('A', { person: BOB })).ticket.number, 'A002', 'another person is fine; no number was used')
    t.equal((await fx.issue('A', { person: ALICE, date: NEXT_DATE })).ticket.number, 'A001', 'another date is fine')
    const noHolder = await fx.issue('A')
    t.notOk('holder' in noHolder.ticket, 'no identity, no holder field')

    await fx.call('W1') // ALICE's A001 (oldest)
    await t.rejects(fx.issue('A', { person: ALICE }), { code: 'QMS_ERR_DUPLICATE_TICKET' }, 'called is active')
    await fx.store.start(fx.hall, first.ticket.id, { now: fx.tick() })
    await t.rejects(fx.issue('A', { person: ALICE }), { code: 'QMS_ERR_DUPLICATE_TICKET' }, 'serving is active')
    await fx.store.hold(fx.hall, first.ticket.id, { now: fx.tick() })
    await t.rejects(fx.issue('A', { person: ALICE }), { code: 'QMS_ERR_DUPLICATE_TICKET' }, 'held is active')
    await fx.store.resume(fx.hall, first.ticket.id, { now: fx.tick() })
    await fx.store.complete(fx.hall, first.ticket.id, { now: fx.tick() })
    const again = await fx.issue('A', { person: ALICE })
    t.equal(again.created, true, 'done: a new ticket may be taken')
    await fx.store.cancel(fx.hall, again.ticket.id, { now: fx.tick() })
    t.equal((await fx.issue('A', { person: ALICE })).created, true, 'cancelled: a new ticket may be taken')
  })

  t.test('a no-show frees the person; a replayed idempotency key is not a duplicate', async (t) => {
    const fx = await setupHall(t, makeStore, { services: [{ id: 'A' }], windows: [{ id: 'W1', services: ['A'] }] }, [
      'W1',
    ])
    const first = await fx.issue('A', { person: ALICE, key: 'k1' })
    const replay = await fx.issue('A', { person: ALICE, key: 'k1' })
    t.match(replay, { created: false, ticket: { id: first.ticket.id } })
    await fx.call('W1')
    await fx.store.noShow(fx.hall, first.ticket.id, { now: fx.tick() })
    t.equal((await fx.issue('A', { person: ALICE })).created, true)
  })

  t.test('the person key and mask never appear in events', async (t) => {
    const fx = await setupHall(t, makeStore, undefined, ['W1'])
    const id = await fx.issueId('A', { person: ALICE })
    await fx.call('W1')
    await fx.store.complete(fx.hall, id, { now: fx.tick() })
    const text = JSON.stringify(await fx.events())
    t.notMatch(text, ALICE.key)
    t.notMatch(text, '1234')
    t.notMatch(JSON.stringify(await fx.snapshot()), ALICE.mask, 'nor in the snapshot (public boards)')
  })

  t.test('concurrent issues for one person and service: exactly one ticket', async (t) => {
    const fx = await setupHall(t, makeStore)
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        fx.store.issue(fx.hall, { service: 'A', date: DATE, ticketId: newTicketId(), now: T0 + i, person: ALICE }),
      ),
    )
    const ok = results.filter((r) => r.status === 'fulfilled')
    t.equal(ok.length, 1)
    t.ok(
      results.every(
        (r) => r.status === 'fulfilled' || (r.reason as { code?: string }).code === 'QMS_ERR_DUPLICATE_TICKET',
      ),
      'the rest are duplicates',
    )
    t.equal((await fx.issue('A')).ticket.number, 'A002', 'refusals consumed no number')
  })

  t.test('a pre-booked ticket is never refused by the daily limit, and counts', async (t) => {
    const fx = await setupHall(t, makeStore, {
      services: [{ id: 'A', dailyLimit: 1 }],
      windows: [{ id: 'W1', services: ['A'] }],
    })
    await fx.issue('A')
    await t.rejects(fx.issue('A'), { code: 'QMS_ERR_DAILY_LIMIT' })
    const booked = await fx.issue('A', { cls: 'appointment', reserved: true })
    t.equal(booked.ticket.number, 'A002')
    await t.rejects(fx.issue('A'), { code: 'QMS_ERR_DAILY_LIMIT' }, 'walk-ins are still refused')
  })
}
