// The archiver over the embedded store (no Redis): polls eventsSince from the checkpoint kept in
// Postgres, resumes there after a restart, and rides out a database outage.
import type { Kysely } from 'kysely'
import t from 'tap'
import { Archiver } from '../../src/archive/archiver.ts'
import { PollingSource } from '../../src/archive/polling-source.ts'
import type { Database } from '../../src/db/schema.ts'
import type { QueueStore } from '../../src/store/port.ts'
import { eachBackend } from './fixtures/backends.ts'
import { configuredStore, DAY1, issueAndServe } from './fixtures/hall-events.ts'
import { OutagePlugin } from './fixtures/outages.ts'

/** The store as the source sees it, recording where each read started. */
const watched = (store: QueueStore, reads: number[]): Pick<QueueStore, 'listHalls' | 'eventsSince'> => ({
  listHalls: () => store.listHalls(),
  eventsSince: (hall, since, limit) => {
    reads.push(since)
    return store.eventsSince(hall, since, limit)
  },
})

const count = async (db: Kysely<Database>, table: 'events' | 'tickets'): Promise<number> =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

async function drain(archiver: Archiver): Promise<void> {
  while ((await archiver.runOnce()) > 0);
}

t.test('archives in batches and resumes from the stored checkpoint after a restart', (t) =>
  eachBackend(t, async (t, { db }) => {
    const store = await configuredStore('emb')
    await issueAndServe(store, 'emb', 50)
    const firstReads: number[] = []
    await drain(new Archiver({ db, source: new PollingSource(watched(store, firstReads), db), batchSize: 64 }))
    const total = (await store.eventsSince('emb', 0, 10_000)).length
    t.equal(await count(db, 'events'), total)
    t.equal(await count(db, 'tickets'), 50)
    t.same(firstReads.slice(0, 3), [0, 64, 128], 'batches follow each other')

    await issueAndServe(store, 'emb', 5, DAY1 + 3_600_000)
    const reads: number[] = []
    const restarted = new Archiver({ db, source: new PollingSource(watched(store, reads), db), batchSize: 64 })
    await drain(restarted)
    t.same(
      reads.slice(0, 2),
      [total - 1, total],
      'a new source checks the event at the checkpoint, then reads on from there',
    )
    t.equal(restarted.status().archivedEvents, 20, 'only the new events')
    t.equal(await count(db, 'tickets'), 55)
  }),
)

t.test('an embedded store that restarted (seqs from 1 again) is archived after the checkpoint', (t) =>
  eachBackend(t, async (t, { db }) => {
    const before = await configuredStore('emb3')
    await issueAndServe(before, 'emb3', 10)
    await drain(new Archiver({ db, source: new PollingSource(before, db) }))
    const archivedBefore = await count(db, 'events')

    const after = await configuredStore('emb3', DAY1 + 3_600_000) // a new process: a new, empty store
    await issueAndServe(after, 'emb3', 4, DAY1 + 3_600_000)
    const fresh = (await after.eventsSince('emb3', 0, 10_000)).length
    await drain(new Archiver({ db, source: new PollingSource(after, db) }))
    t.equal(await count(db, 'events'), archivedBefore + fresh, 'nothing taken for a duplicate')
    t.equal(await count(db, 'tickets'), 14)
    const seqs = (await db.selectFrom('events').select('seq').orderBy('seq').execute()).map((r) => r.seq)
    t.same(
      seqs,
      Array.from({ length: archivedBefore + fresh }, (_, i) => i + 1),
      'one contiguous archive seq range',
    )
    const moved = await db
      .selectFrom('events')
      .select('event')
      .where('seq', '=', archivedBefore + 1)
      .executeTakeFirstOrThrow()
    t.match(moved.event, { seq: archivedBefore + 1, type: 'hall.configured' }, 'event.seq is the archive seq')
  }),
)

t.test('a database outage delays the archive and loses nothing', (t) =>
  eachBackend(t, async (t, { db }) => {
    const store = await configuredStore('emb2')
    const outage = new OutagePlugin()
    const archiver = new Archiver({
      db: db.withPlugin(outage),
      source: new PollingSource(store, db.withPlugin(outage)),
      idleMs: 20,
      backoffMinMs: 20,
      backoffMaxMs: 200,
    })
    outage.down = true
    archiver.start()
    t.teardown(() => archiver.stop())
    await issueAndServe(store, 'emb2', 100)
    await new Promise((r) => setTimeout(r, 100))
    t.equal(await count(db, 'events'), 0)
    t.same(archiver.status().failingHalls, ['emb2'])
    outage.down = false
    const total = (await store.eventsSince('emb2', 0, 10_000)).length
    const deadline = Date.now() + 30_000
    while ((await count(db, 'events')) < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    t.equal(await count(db, 'events'), total)
    t.equal(await count(db, 'tickets'), 100)
  }),
)
