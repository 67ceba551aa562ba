// Where the archiver gets events from. Two implementations share one writer:
// RedisStreamSource (consumer group on each hall's stream) and PollingSource (QueueStore.eventsSince
// with the checkpoint kept in Postgres, for the embedded store that has no Redis).
import type { QueueEvent } from '../domain/types.ts'

export interface EventBatch {
  hall: string
  /** In seq order. May be empty when every entry was unreadable (commit still acknowledges them). */
  events: QueueEvent[]
  /** Called once the batch is committed to Postgres. An uncommitted batch is delivered again. */
  commit(): Promise<void>
}

export interface EventSource {
  /** Halls to follow; the archiver re-checks this periodically. */
  listHalls(): Promise<string[]>
  /** The next batch of a hall (at most `max` events), or null when nothing is waiting. */
  next(hall: string, max: number): Promise<EventBatch | null>
  close(): Promise<void>
}
