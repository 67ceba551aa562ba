// The archive writer: idempotent events and ticket rows, order-independent, with the day rollover.
import t from 'tap'
import { ArchiveWriter } from '../../src/archive/archive-writer.ts'
import { listHistoryTickets } from '../../src/db/repos/history.ts'
import { allEvents, configuredStore, DAY1, DAY_MS, issue, issueAndServe } from './fixtures/hall-events.ts'
import { eachBackend } from './fixtures/backends.ts'

t.test('the same events written twice (or in pieces, out of order) give one row each', (t) =>
  eachBackend(t, async (t, { db }) => {
    const store = await configuredStore('h1')
    await issueAndServe(store, 'h1', 30)
    const cancelled = await issue(store, 'h1', DAY1 + 3_600_000)
    await store.cancel('h1', cancelled, { now: DAY1 + 3_700_000 })
    const events = await allEvents(store, 'h1')
    const writer = new ArchiveWriter(db)

    const first = await writer.write('h1', events)
    t.equal(first.inserted, events.length)
    t.equal(first.tickets, 31)
    const snapshot = async () => ({
      events: await db
        .selectFrom('events')
        .select(['seq', 'type', 'ticket_id'])
        .where('hall_id', '=', 'h1')
        .orderBy('seq')
        .execute(),
      tickets: await db.selectFrom('tickets').selectAll().where('hall_id', '=', 'h1').orderBy('id').execute(),
    })
    const before = await snapshot()
    t.equal(before.events.length, events.length)

    const again = await writer.write('h1', events)
    t.same(
      { inserted: again.inserted, tickets: again.tickets },
      { inserted: 0, tickets: 0 },
      'a re-delivered batch changes nothing',
    )
    // Overlapping pieces in reverse order, each partly re-delivered.
    for (let i = events.length; i > 0; i -= 7) await writer.write('h1', events.slice(Math.max(0, i - 10), i))
    const after = await snapshot()
    t.same(after.events, before.events)
    t.same(
      after.tickets.map(({ updated_at: _, ...r }) => r),
      before.tickets.map(({ updated_at: _, ...r }) => r),
    )

    const served = after.tickets.filter((r) => r.outcome === 'completed')
    t.equal(served.length, 30)
    t.ok(
      served.every((r) => r.issued_at && r.called_at && r.started_at && r.finished_at && r.window_id),
      'timings and window of every served ticket',
    )
    t.match(
      after.tickets.find((r) => r.id === cancelled),
      { outcome: 'cancelled', status: 'cancelled', business_date: '2026-11-23' },
    )
    const page = await listHistoryTickets(db, { hall: 'h1', date: '2026-11-23', page: 1, pageSize: 10 })
    t.equal(page.total, 31)
    t.same(page.items.map((r) => r.number).slice(0, 3), ['A001', 'A002', 'B001'], 'in issue order')
    t.equal(
      (
        await db
          .selectFrom('archive_checkpoints')
          .select('last_seq')
          .where('hall_id', '=', 'h1')
          .executeTakeFirstOrThrow()
      ).last_seq,
      events.at(-1)!.seq,
    )
  }),
)

t.test('day rollover: open tickets of a past business date expire; a later finish wins', (t) =>
  eachBackend(t, async (t, { db }) => {
    const store = await configuredStore('h2')
    const writer = new ArchiveWriter(db)
    const waiting = await issue(store, 'h2', DAY1)
    const serving = await issue(store, 'h2', DAY1 + 1000)
    const done = await issue(store, 'h2', DAY1 + 2000)
    await store.callNext('h2', 'w1', { now: DAY1 + 3000 }) // waiting → called at w1
    await store.callNext('h2', 'w2', { now: DAY1 + 4000 })
    await store.start('h2', serving, { now: DAY1 + 5000 })
    await store.callNext('h2', 'w1', { now: DAY1 + 6000 }) // completes `waiting`, calls `done`
    await store.complete('h2', done, { now: DAY1 + 7000 })
    await writer.write('h2', await allEvents(store, 'h2'))
    const row = (id: string) =>
      db.selectFrom('tickets').selectAll().where('hall_id', '=', 'h2').where('id', '=', id).executeTakeFirstOrThrow()
    t.equal((await row(serving)).outcome, null, 'still serving: open')

    // The next morning: the first event of the new business date rolls the archive over.
    const seen = (await allEvents(store, 'h2')).at(-1)!.seq
    await issue(store, 'h2', DAY1 + DAY_MS)
    const result = await writer.write('h2', await store.eventsSince('h2', seen, 100))
    t.equal(result.expired, 1)
    t.match(await row(serving), {
      outcome: 'expired',
      status: 'serving',
      expired_at: Date,
      business_date: '2026-11-23',
    })
    t.match(await row(waiting), { outcome: 'completed' })
    t.match(await row(done), { outcome: 'completed' })

    // An event that really finishes the expired ticket later replaces `expired`.
    const late = (await allEvents(store, 'h2')).at(-1)!.seq
    await store.complete('h2', serving, { now: DAY1 + DAY_MS + 60_000 })
    await writer.write('h2', await store.eventsSince('h2', late, 100))
    t.match(await row(serving), { outcome: 'completed', status: 'done', expired_at: null })

    // Yesterday's events arriving after the rollover (a slow consumer) expire at once.
    const other = await configuredStore('h2')
    const stale = await issue(other, 'h2', DAY1 + 10_000)
    const staleEvents = (await allEvents(other, 'h2'))
      .filter((e) => e.ticket === stale)
      .map((e) => ({ ...e, seq: e.seq + 10_000 }))
    await writer.write('h2', staleEvents)
    t.match(await row(stale), { outcome: 'expired' })
  }),
)
