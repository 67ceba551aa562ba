// Picks the event source for the store in use and builds the archiver: with Redis, the stream
// consumer group; with the in-process store, polling eventsSince. Hall timezones come from the
// store's compiled configuration.
import type { Cluster, Redis } from 'ioredis'
import type { Logger } from 'pino'
import type { QueueStore } from '../store/port.ts'
import { Archiver, type ArchiverOptions } from './archiver.ts'
import { PollingSource } from './polling-source.ts'
import { RedisStreamSource, type RedisSourceOptions } from './redis-source.ts'

export interface CreateArchiverOptions extends Omit<ArchiverOptions, 'source' | 'timezoneOf'> {
  store: QueueStore
  /** The Redis connection of a RedisQueueStore (a dedicated one is best: reads never block it). */
  redis?: Redis | Cluster
  /** Consumer group settings (consumer name, claim and trim intervals…). */
  stream?: Omit<RedisSourceOptions, 'listHalls'>
  log?: Logger
}

export function createArchiver(opts: CreateArchiverOptions): Archiver {
  const { store, redis, stream, ...rest } = opts
  const source = redis
    ? new RedisStreamSource(redis, {
        listHalls: () => store.listHalls(),
        onBadEntry: (hall, id, reason) =>
          opts.log?.error({ hall, id, reason }, 'archive: unreadable stream entry skipped'),
        ...stream,
      })
    : new PollingSource(store, opts.db, opts.log)
  const timezoneOf = async (hall: string): Promise<string | undefined> => (await store.getHall(hall))?.runtime.timezone
  return new Archiver({ ...rest, source, timezoneOf })
}
