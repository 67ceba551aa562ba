// Retention of the live ticket hash `qms:{h}:tk`: without it, Redis would keep every ticket ever
// issued (the hash is never trimmed by the queue scripts). Rule: a ticket that is finished (done,
// no_show, cancelled) and finished more than `keepMs` (12 h) before the hall's latest archived
// event leaves the live store; its history stays in Postgres. Open tickets stay, whatever their
// day. Run by the archiver after a commit, so only archived history is pruned; at most once per
// `everyMs` of the hall's own clock (event time), so its cost is one scan per hall-hour.
import type { Cluster, Redis } from 'ioredis'
import { hallKeys } from '../store/redis/keys.ts'

export const KEEP_FINISHED_MS = 12 * 3600_000
const FINAL = new Set(['done', 'no_show', 'cancelled'])

// Deletes only what is still finished when the script runs: a requeue between the scan and the
// delete (a no-show back in the queue) keeps its ticket.
const PRUNE = `
local n = 0
for i = 2, #ARGV do
  local raw = redis.call('HGET', KEYS[1], ARGV[i])
  if raw then
    local t = cjson.decode(raw)
    if (t.status == 'done' or t.status == 'no_show' or t.status == 'cancelled')
      and type(t.finishedAt) == 'number' and t.finishedAt < tonumber(ARGV[1]) then
      redis.call('HDEL', KEYS[1], ARGV[i])
      n = n + 1
    end
  end
end
return n`

interface TicketFields {
  status?: string
  finishedAt?: number | null
}

/** Removes finished tickets that finished before `cutoff` (epoch ms); returns how many. */
export async function pruneFinishedTickets(redis: Redis | Cluster, hall: string, cutoff: number): Promise<number> {
  const key = hallKeys(hall).tk
  let cursor = '0'
  let removed = 0
  do {
    const [next, flat] = await redis.hscan(key, cursor, 'COUNT', 500)
    cursor = next
    const ids: string[] = []
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const t = JSON.parse(flat[i + 1]!) as TicketFields
      if (t.status && FINAL.has(t.status) && typeof t.finishedAt === 'number' && t.finishedAt < cutoff)
        ids.push(flat[i]!)
    }
    if (ids.length) removed += Number(await redis.eval(PRUNE, 1, key, cutoff, ...ids))
  } while (cursor !== '0')
  return removed
}
