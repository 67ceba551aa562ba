// Deleting every key of a hall (tests, decommissioning a hall). Not part of the QueueStore port.
import type { Cluster, Redis } from 'ioredis'
import { HALLS_KEY } from './keys.ts'

/** Deletes all `qms:{<hall>}:*` keys and the hall's entry in qms:halls; returns the number of keys deleted. */
export async function purgeHall(redis: Redis | Cluster, hall: string): Promise<number> {
  // All keys of a hall share one slot; on a Cluster, SCAN the node serving that slot.
  const nodes = 'nodes' in redis ? redis.nodes('master') : [redis]
  let deleted = 0
  for (const node of nodes) {
    let cursor = '0'
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `qms:{${hall}}:*`, 'COUNT', 500)
      cursor = next
      if (keys.length > 0) deleted += await node.unlink(...keys)
    } while (cursor !== '0')
  }
  await redis.srem(HALLS_KEY, hall)
  return deleted
}
