// The benchmark halls: a realistic hall document (30 windows, 6 services, opening hours, devices),
// configured through the same validation and compilation as PUT /halls/:hall, windows opened,
// tokens stored as the core stores them (a kiosk token per hall, a clerk token per window), and
// waiting tickets issued through the store. Everything is removed again by `cleanup`.
import { randomBytes } from 'node:crypto'
import type { Cluster, Redis } from 'ioredis'
import { hashSecret } from '../../../src/auth/authenticate.ts'
import { RedisTokenStore } from '../../../src/auth/redis-token-store.ts'
import type { TokenRecord } from '../../../src/auth/token-store.ts'
import { compileHall } from '../../../src/config/compile-hall.ts'
import { parseHallDocument } from '../../../src/config/validate-hall.ts'
import { businessDate } from '../../../src/domain/calendar.ts'
import { newTicketId, newTokenId, newTokenSecret } from '../../../src/core/ids.ts'
import { purgeHall } from '../../../src/store/redis/purge.ts'
import type { RedisQueueStore } from '../../../src/store/redis/redis-store.ts'

export const SERVICES = ['s1', 's2', 's3', 's4', 's5', 's6']
const PREFIXES = ['A', 'B', 'C', 'D', 'E', 'F']
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']

export interface HallShape {
  windows: number
  /** Opening hours (every day 00:00–24:00, so the bench is never refused): the issue route then
   *  runs the calendar and capacity checks, as it does for every real hall. */
  hours: boolean
}

export const DEFAULT_SHAPE: HallShape = { windows: 30, hours: true }

/** A hall document: window i serves two neighbouring services, with an LED and a keypad each. */
export function benchDocument(shape: HallShape = DEFAULT_SHAPE): unknown {
  const windows = Array.from({ length: shape.windows }, (_, i) => ({
    id: `W${i + 1}`,
    name: `${i + 1}号窗口`,
    services: [SERVICES[i % SERVICES.length]!, SERVICES[(i + 1) % SERVICES.length]!],
  }))
  return {
    name: '基准测试大厅',
    nameEn: 'Benchmark hall',
    timezone: 'Asia/Shanghai',
    ...(shape.hours && {
      hours: {
        weekly: Object.fromEntries(DAYS.map((d) => [d, [{ open: '00:00', close: '24:00' }]])),
        overtimeMinutes: 30,
      },
    }),
    services: SERVICES.map((id, i) => ({
      id,
      name: `业务${i + 1}`,
      prefix: PREFIXES[i],
      // Short handling times so the capacity cutoff never refuses the bench's large queues.
      meanHandlingMinutes: 0.05,
    })),
    windows,
    devices: [
      ...windows.map((w) => ({ id: `led-${w.id}`, type: 'led', window: w.id })),
      { id: 'board', type: 'board', profile: { recent: 8, languages: ['zh', 'en'] } },
      { id: 'speaker', type: 'speaker', profile: { languages: ['zh'] } },
    ],
  }
}

export interface Slot {
  hall: string
  window: string
  token: string // a clerk token for this window only
  current: string | null // the ticket called there, as far as the load generator knows
  recalls: number
}

export interface BenchHall {
  hall: string
  kioskToken: string
  displayToken: string
  slots: Slot[]
}

/** Tokens and halls created by one bench, for cleanup. */
export class Fixture {
  readonly halls: string[] = []
  private readonly tokenIds: { id: string; hash: string }[] = []
  private readonly tokens: RedisTokenStore

  constructor(
    private readonly redis: Redis | Cluster,
    private readonly store: RedisQueueStore,
  ) {
    this.tokens = new RedisTokenStore(redis as Redis)
  }

  /** Remembers a hall id whose keys `cleanup` must remove (e.g. the baseline server's). */
  track(hall: string): string {
    this.halls.push(hall)
    return hall
  }

  async token(grant: Pick<TokenRecord, 'role' | 'halls'> & Partial<TokenRecord>): Promise<string> {
    const secret = newTokenSecret()
    const record: TokenRecord = {
      id: newTokenId(),
      hash: hashSecret(secret),
      createdAt: Date.now(),
      expiresAt: null,
      revokedAt: null,
      ...grant,
    }
    await this.tokens.put(record)
    this.tokenIds.push({ id: record.id, hash: record.hash })
    return secret
  }

  /** Configures the hall as PUT /halls/:hall does (validate, compile, store), opens every window. */
  async hall(
    prefix: string,
    shape: HallShape = DEFAULT_SHAPE,
    opts: { tokens?: boolean | 'per-hall'; id?: string } = {},
  ): Promise<BenchHall> {
    const hall = opts.id ?? `${prefix}-${randomBytes(4).toString('hex')}`
    this.halls.push(hall)
    const doc = parseHallDocument(benchDocument(shape))
    const runtime = compileHall(hall, doc)
    const now = Date.now()
    await this.store.configureHall(hall, doc, runtime, { now })
    await Promise.all(runtime.windowOrder.map((w) => this.store.setWindowStatus(hall, w, 'open', { now })))
    if (opts.tokens === false) return { hall, kioskToken: '', displayToken: '', slots: [] }
    return this.tokensFor(hall, runtime.windowOrder, opts.tokens === 'per-hall')
  }

  /** A kiosk and a display token, and a clerk token per window (or one for the hall's windows). */
  async tokensFor(hall: string, windows: string[], onePerHall = false): Promise<BenchHall> {
    const kioskToken = await this.token({ role: 'device', halls: [hall], device: 'kiosk-1' })
    const displayToken = await this.token({ role: 'display', halls: [hall] })
    const shared = onePerHall ? await this.token({ role: 'clerk', halls: [hall] }) : null
    const slots: Slot[] = []
    for (const window of windows) {
      const token = shared ?? (await this.token({ role: 'clerk', halls: [hall], windows: [window] }))
      slots.push({ hall, window, token, current: null, recalls: 0 })
    }
    return { hall, kioskToken, displayToken, slots }
  }

  /** Issues `n` waiting tickets (services round-robin) straight through the store; returns their ids. */
  async fill(hall: string, n: number, inFlight = 64): Promise<string[]> {
    const ids: string[] = []
    const date = businessDate('Asia/Shanghai', Date.now())
    let next = 0
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        for (let i = next++; i < n; i = next++) {
          const ticketId = newTicketId()
          await this.store.issue(hall, { service: SERVICES[i % SERVICES.length]!, date, ticketId, now: Date.now() })
          ids.push(ticketId)
        }
      }),
    )
    return ids
  }

  async cleanup(): Promise<void> {
    for (const hall of this.halls.splice(0)) await purgeHall(this.redis, hall)
    const prefix = 'qms:auth:{tokens}:'
    for (const { id, hash } of this.tokenIds.splice(0)) {
      await this.redis.del(`${prefix}token:${id}`, `${prefix}hash:${hash}`)
      await this.redis.srem(`${prefix}ids`, id)
    }
  }
}
