// Event source for the in-process store: polls QueueStore.eventsSince from the hall's archive
// checkpoint in Postgres (read once per hall, then advanced in memory on each commit, while the
// writer advances the stored one in the same transaction as the rows).
//
// The in-process store starts empty on every process start, so its seqs start again at 1. Archive
// keys are (hall, seq), so a restarted store's events would look like already-archived ones and be
// dropped. The source notices (the store's event at the checkpoint seq is not the archived one)
// and then shifts this store's seqs past the checkpoint: each store lifetime gets its own seq range
// in the archive (event.seq there is the archive seq).
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Database } from '../db/schema.ts'
import type { QueueEvent } from '../domain/types.ts'
import type { QueueStore } from '../store/port.ts'
import type { EventBatch, EventSource } from './event-source.ts'

interface Position {
  since: number // store seq read up to
  offset: number // archive seq = store seq + offset
}

const sameEvent = (a: QueueEvent, b: QueueEvent): boolean =>
  a.type === b.type && a.at === b.at && (a.ticket ?? null) === (b.ticket ?? null)

export class PollingSource implements EventSource {
  readonly #positions = new Map<string, Position>()

  constructor(
    private readonly store: Pick<QueueStore, 'listHalls' | 'eventsSince'>,
    private readonly db: Kysely<Database>,
    private readonly log?: Logger,
  ) {}

  listHalls(): Promise<string[]> {
    return this.store.listHalls()
  }

  async next(hall: string, max: number): Promise<EventBatch | null> {
    const position = await this.#position(hall)
    const events = await this.store.eventsSince(hall, position.since, max)
    if (events.length === 0) return null
    const last = events[events.length - 1]!.seq
    return {
      hall,
      events: position.offset ? events.map((e) => ({ ...e, seq: e.seq + position.offset })) : events,
      commit: async () => {
        position.since = Math.max(position.since, last)
      },
    }
  }

  async close(): Promise<void> {}

  async #position(hall: string): Promise<Position> {
    const known = this.#positions.get(hall)
    if (known) return known
    const position = await this.#resume(hall)
    this.#positions.set(hall, position)
    return position
  }

  async #resume(hall: string): Promise<Position> {
    const row = await this.db
      .selectFrom('archive_checkpoints')
      .select('last_seq')
      .where('hall_id', '=', hall)
      .executeTakeFirst()
    const checkpoint = row?.last_seq ?? 0
    if (checkpoint === 0) return { since: 0, offset: 0 }
    const [live] = await this.store.eventsSince(hall, checkpoint - 1, 1)
    const archived = await this.db
      .selectFrom('events')
      .select('event')
      .where('hall_id', '=', hall)
      .where('seq', '=', checkpoint)
      .executeTakeFirst()
    if (live && archived && live.seq === checkpoint && sameEvent(live, archived.event))
      return { since: checkpoint, offset: 0 }
    this.log?.warn({ hall, checkpoint }, 'archive: the store restarted its seqs; archiving them after the checkpoint')
    return { since: 0, offset: checkpoint }
  }
}
