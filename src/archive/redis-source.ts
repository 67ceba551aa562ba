// Event source over each hall's Redis stream `qms:{<hall>}:ev` (entry id `<seq>-0`, field `e` =
// QueueEvent JSON), read through a consumer group so several archivers can share the work:
//  - XREADGROUP '>' for new entries; entries stay pending until XACK, which happens only after
//    the batch is committed to Postgres (commit());
//  - our own pending entries (after a failed write or a restart) are re-read with id 0 first;
//  - XAUTOCLAIM takes over entries left pending by a dead consumer for longer than claimIdleMs;
//  - after an ACK the stream is trimmed (XTRIM MINID) below the oldest entry not yet archived by
//    this group, keeping the last `keepEntries` archived entries for live clients that fill gaps
//    from it. Only this group's progress counts: other groups on the stream must not rely on it.
// One hall per call (no multi-stream reads), so it works unchanged on Redis Cluster.
import { hostname } from 'node:os'
import type { Cluster, Redis } from 'ioredis'
import type { QueueEvent } from '../domain/types.ts'
import { HALLS_KEY, hallKeys } from '../store/redis/keys.ts'
import type { EventBatch, EventSource } from './event-source.ts'
import { KEEP_FINISHED_MS, pruneFinishedTickets } from './prune-finished.ts'

/** At most one prune per hall per hour of the hall's own (event) time. */
const PRUNE_EVERY_MS = 3600_000

export interface RedisSourceOptions {
  group?: string // default 'archiver'
  consumer?: string // default `<host>-<pid>`; keep it stable across restarts to reclaim own entries fast
  listHalls?: () => Promise<string[]> // default: members of qms:halls
  claimIdleMs?: number // pending longer than this at another consumer = dead consumer (default 60 s)
  claimEveryMs?: number // how often each hall's pending list is scanned (default 15 s)
  keepEntries?: number // archived entries kept in the stream (default 5000)
  trimEveryMs?: number // at most one trim per hall per interval (default 5 s)
  /** Finished tickets kept in the live ticket hash after they finished (default 12 h, prune-finished.ts). */
  keepFinishedMs?: number
  onBadEntry?: (hall: string, id: string, reason: string) => void
}

type Entry = [id: string, fields: string[] | null]
const seqOf = (id: string): number => Number(id.split('-')[0])

export class RedisStreamSource implements EventSource {
  readonly #group: string
  readonly #consumer: string
  readonly #groups = new Set<string>() // halls whose group is known to exist
  readonly #ownPending = new Set<string>() // halls that may have entries pending at this consumer
  readonly #fresh = new Set<string>() // halls seen since start (their own pending is checked once)
  readonly #lastClaim = new Map<string, number>()
  readonly #claimCursor = new Map<string, string>()
  readonly #lastTrim = new Map<string, number>()
  readonly #latestAt = new Map<string, number>() // newest archived event time per hall (the hall's clock)
  readonly #lastPrune = new Map<string, number>()

  constructor(
    private readonly redis: Redis | Cluster,
    private readonly opts: RedisSourceOptions = {},
  ) {
    this.#group = opts.group ?? 'archiver'
    this.#consumer = opts.consumer ?? `${hostname()}-${process.pid}`
  }

  listHalls(): Promise<string[]> {
    return this.opts.listHalls ? this.opts.listHalls() : this.redis.smembers(HALLS_KEY)
  }

  async next(hall: string, max: number): Promise<EventBatch | null> {
    const key = hallKeys(hall).ev
    try {
      await this.#ensureGroup(hall, key)
      if (!this.#fresh.has(hall)) {
        // After a restart with the same consumer name, entries read before the crash are ours.
        this.#fresh.add(hall)
        this.#ownPending.add(hall)
      }
      if (this.#ownPending.has(hall)) {
        const own = await this.#read(key, max, '0')
        if (own.length) return this.#batch(hall, key, own, false)
        this.#ownPending.delete(hall)
      }
      const claimed = await this.#claim(hall, key, max)
      if (claimed.length) return this.#batch(hall, key, claimed, false)
      const fresh = await this.#read(key, max, '>')
      return fresh.length ? this.#batch(hall, key, fresh, true) : null
    } catch (err) {
      // The stream (and its group) can vanish, e.g. a hall deleted and re-created: recreate next time.
      if (err instanceof Error && err.message.startsWith('NOGROUP')) this.#groups.delete(hall)
      throw err
    }
  }

  async close(): Promise<void> {}

  async #ensureGroup(hall: string, key: string): Promise<void> {
    if (this.#groups.has(hall)) return
    try {
      // From the start of the stream: everything not yet trimmed is still to be archived.
      await this.redis.xgroup('CREATE', key, this.#group, '0', 'MKSTREAM')
    } catch (err) {
      if (!(err instanceof Error && err.message.startsWith('BUSYGROUP'))) throw err
    }
    this.#groups.add(hall)
  }

  async #read(key: string, max: number, from: '0' | '>'): Promise<Entry[]> {
    const reply = (await this.redis.xreadgroup(
      'GROUP',
      this.#group,
      this.#consumer,
      'COUNT',
      max,
      'STREAMS',
      key,
      from,
    )) as [string, Entry[]][] | null
    return reply?.[0]?.[1] ?? []
  }

  async #claim(hall: string, key: string, max: number): Promise<Entry[]> {
    const every = this.opts.claimEveryMs ?? 15_000
    const cursor = this.#claimCursor.get(hall) ?? '0-0'
    if (cursor === '0-0' && Date.now() - (this.#lastClaim.get(hall) ?? 0) < every) return []
    if (cursor === '0-0') this.#lastClaim.set(hall, Date.now())
    const [next, entries, deleted] = (await this.redis.xautoclaim(
      key,
      this.#group,
      this.#consumer,
      this.opts.claimIdleMs ?? 60_000,
      cursor,
      'COUNT',
      max,
    )) as [string, Entry[], string[] | undefined]
    this.#claimCursor.set(hall, next)
    // Entries trimmed while pending elsewhere cannot be archived any more: release them.
    if (deleted?.length) await this.redis.xack(key, this.#group, ...deleted)
    if (entries.length) this.#ownPending.add(hall)
    return entries
  }

  #batch(hall: string, key: string, entries: Entry[], fromNew: boolean): EventBatch {
    const events: QueueEvent[] = []
    for (const [id, fields] of entries) {
      const event = this.#parse(hall, id, fields)
      if (event) events.push(event)
    }
    events.sort((a, b) => a.seq - b.seq)
    const ids = entries.map(([id]) => id)
    if (fromNew) this.#ownPending.add(hall) // until committed, they are ours and pending
    return {
      hall,
      events,
      commit: async () => {
        await this.redis.xack(key, this.#group, ...ids)
        if (fromNew) this.#ownPending.delete(hall)
        await this.#trim(hall, key)
        const latest = Math.max(this.#latestAt.get(hall) ?? 0, ...events.map((e) => e.at))
        this.#latestAt.set(hall, latest)
        await this.#prune(hall, latest)
      },
    }
  }

  #parse(hall: string, id: string, fields: string[] | null): QueueEvent | null {
    const bad = (reason: string): null => (this.opts.onBadEntry?.(hall, id, reason), null)
    if (!fields) return bad('entry deleted while pending')
    const at = fields.indexOf('e')
    if (at < 0 || at % 2 !== 0) return bad('no field e')
    try {
      const event = JSON.parse(fields[at + 1]!) as QueueEvent
      if (typeof event.seq !== 'number' || typeof event.type !== 'string' || typeof event.at !== 'number')
        return bad('not a QueueEvent')
      return { ...event, hall }
    } catch {
      return bad('invalid JSON')
    }
  }

  /** Finished tickets leave the live ticket hash once archived (retention rule: prune-finished.ts). */
  async #prune(hall: string, latest: number): Promise<void> {
    if (latest - (this.#lastPrune.get(hall) ?? 0) < PRUNE_EVERY_MS) return
    this.#lastPrune.set(hall, latest)
    await pruneFinishedTickets(this.redis, hall, latest - (this.opts.keepFinishedMs ?? KEEP_FINISHED_MS))
  }

  /** Trims below the oldest entry that may not be archived yet. */
  async #trim(hall: string, key: string): Promise<void> {
    const now = Date.now()
    if (now - (this.#lastTrim.get(hall) ?? 0) < (this.opts.trimEveryMs ?? 5_000)) return
    this.#lastTrim.set(hall, now)
    const [count, oldestPending] = (await this.redis.xpending(key, this.#group)) as [
      number,
      string | null,
      ...unknown[],
    ]
    // Pending entries are delivered but not committed; with none pending, everything the group
    // has delivered was acknowledged, i.e. committed, and nothing newer was delivered yet.
    const safe = count > 0 && oldestPending ? seqOf(oldestPending) : (await this.#lastDelivered(key)) + 1
    const minId = safe - (this.opts.keepEntries ?? 5_000)
    // Exact (not ~) so the retention is exact; each call removes only what was archived since the last.
    if (minId > 1) await this.redis.xtrim(key, 'MINID', `${minId}-0`)
  }

  async #lastDelivered(key: string): Promise<number> {
    const groups = (await this.redis.xinfo('GROUPS', key)) as unknown[][]
    for (const fields of groups) {
      const info = new Map<unknown, unknown>()
      for (let i = 0; i + 1 < fields.length; i += 2) info.set(fields[i], fields[i + 1])
      if (info.get('name') === this.#group) return seqOf(String(info.get('last-delivered-id') ?? '0-0'))
    }
    return 0
  }
}
