// The predictor's warm start from the archive: the hall's archived events of the last days, in
// seq order, below the first event the live store still holds; nothing after a store reset.
import t from 'tap'
import { ArchiveWriter } from '../../src/archive/archive-writer.ts'
import type { QueueEvent } from '../../src/domain/types.ts'
import { archiveHistory } from '../../src/predict/archive-history.ts'
import { eachBackend } from '../db/fixtures/backends.ts'
import { allEvents, configuredStore, DAY1, DAY_MS, issueAndServe } from '../db/fixtures/hall-events.ts'

/** The store side as a trimmed Redis stream shows it: only the events from `first` on. */
const retainedFrom = (events: QueueEvent[], first: number) => ({
  eventsSince: async (_hall: string, since: number, limit: number) =>
    events.filter((e) => e.seq > since && e.seq >= first).slice(0, limit),
})

t.test('archived events below the store’s first retained one, within the last days', (t) =>
  eachBackend(t, async (t, { db }) => {
    const hall = `h-${Math.random().toString(36).slice(2, 8)}`
    const store = await configuredStore(hall)
    await issueAndServe(store, hall, 20)
    const events = await allEvents(store, hall)
    await new ArchiveWriter(db).write(hall, events)
    const now = () => DAY1 + DAY_MS

    const trimmed = await archiveHistory(db, retainedFrom(events, 31), { now })(hall)
    t.same(
      trimmed.map((e) => e.seq),
      events.filter((e) => e.seq < 31).map((e) => e.seq),
      'up to the store’s first event, in seq order',
    )
    t.same(trimmed[5], JSON.parse(JSON.stringify(events[5])), 'the events as they were (JSON)')
    t.same(await archiveHistory(db, store, { now })(hall), [], 'a store holding everything: the catch-up reads it')
    t.same(await archiveHistory(db, retainedFrom(events, 31), { now: () => DAY1 + 20 * DAY_MS })(hall), [], 'too old')
    const paged = await archiveHistory(db, retainedFrom(events, 1_000_000), { now, maxEvents: 7 })(hall)
    t.same(
      paged.map((e) => e.seq),
      events.slice(0, 7).map((e) => e.seq),
      'capped',
    )
  }),
)
