// The predictor's warm start from the Postgres archive: the hall's events of the last days, in seq
// order, up to the first event the live store still holds (the hub's catch-up reads the rest from
// the store). A store that was reset starts its seq at 1 again: then the archive is not this
// stream's past and nothing is returned.
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import type { QueueEvent } from '../domain/types.ts'
import type { QueueStore } from '../store/port.ts'

export interface ArchiveHistoryOptions {
  days?: number // default 14
  maxEvents?: number // default 300 000 (a busy hall's fortnight is well under it)
  now?: () => number
}

const PAGE = 5000

export function archiveHistory(
  db: Kysely<Database>,
  store: Pick<QueueStore, 'eventsSince'>,
  opts: ArchiveHistoryOptions = {},
): (hall: string) => Promise<QueueEvent[]> {
  const days = opts.days ?? 14
  const max = opts.maxEvents ?? 300_000
  return async (hall) => {
    const [firstLive] = await store.eventsSince(hall, 0, 1)
    const before = firstLive?.seq ?? Number.MAX_SAFE_INTEGER
    const from = new Date((opts.now ?? Date.now)() - days * 86_400_000)
    const out: QueueEvent[] = []
    let after = 0
    while (out.length < max) {
      const rows = await db
        .selectFrom('events')
        .select(['seq', 'event'])
        .where('hall_id', '=', hall)
        .where('seq', '>', after)
        .where('seq', '<', before)
        .where('at', '>=', from)
        .orderBy('seq')
        .limit(Math.min(PAGE, max - out.length))
        .execute()
      for (const r of rows) out.push(r.event)
      if (rows.length < PAGE) break
      after = rows[rows.length - 1]!.seq
    }
    return out
  }
}
