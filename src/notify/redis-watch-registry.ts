// Watches in Redis, shared by every core instance. Keys carry the hall's hash tag (like the queue
// keys, so purgeHall removes them): `qms:{h}:notify` hash ticket → watch JSON (address sealed),
// `qms:{h}:notified:<ticket>:<kind>` claim markers; `qms:notify:halls` lists halls with watches.
import type { Cluster, Redis } from 'ioredis'
import type { Watch, WatchRegistry } from './watch-registry.ts'

const TTL_SEC = 2 * 24 * 3600 // a ticket lives one business day; keep a margin, then forget
export const NOTIFY_HALLS_KEY = 'qms:notify:halls'

const watchKey = (hall: string): string => `qms:{${hall}}:notify`
const claimKey = (hall: string, ticket: string, kind: string): string => `qms:{${hall}}:notified:${ticket}:${kind}`

export class RedisWatchRegistry implements WatchRegistry {
  constructor(private readonly redis: Redis | Cluster) {}

  async put(w: Watch): Promise<void> {
    await this.redis.hset(watchKey(w.hall), w.ticket, JSON.stringify(w))
    await this.redis.expire(watchKey(w.hall), TTL_SEC)
    await this.redis.sadd(NOTIFY_HALLS_KEY, w.hall)
  }

  async get(hall: string, ticket: string): Promise<Watch | null> {
    const raw = await this.redis.hget(watchKey(hall), ticket)
    return raw ? (JSON.parse(raw) as Watch) : null
  }

  async list(hall: string): Promise<Watch[]> {
    return Object.values(await this.redis.hgetall(watchKey(hall))).map((raw) => JSON.parse(raw) as Watch)
  }

  async remove(hall: string, ticket: string): Promise<void> {
    await this.redis.hdel(watchKey(hall), ticket)
  }

  async claim(hall: string, ticket: string, kind: string): Promise<boolean> {
    return (await this.redis.set(claimKey(hall, ticket, kind), '1', 'EX', TTL_SEC, 'NX')) === 'OK'
  }

  async halls(): Promise<string[]> {
    return this.redis.smembers(NOTIFY_HALLS_KEY)
  }

  /** The connection belongs to whoever created it. */
  async close(): Promise<void> {}
}
