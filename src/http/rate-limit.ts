// Limits for public (tokenless) ticket issuing: per client IP and hall, and per hall in total,
// so one phone cannot flood a queue and many cannot either. Token holders (kiosks, clerks,
// managers, admins) are never limited here. With Redis the counters are shared by every core
// instance (fixed windows, @fastify/rate-limit's Redis store).
import rateLimit, { normalizeIP } from '@fastify/rate-limit'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Redis } from 'ioredis'
import { QmsError } from '../domain/errors.ts'

export interface PublicIssueLimits {
  /** Tickets one client IP may take in one hall per window (default 10). Phones on the hall's
   *  Wi-Fi share one address, so keep this well above one person's needs. */
  perClient?: number
  /** Public tickets one hall issues per window in total (default 600). */
  perHall?: number
  /** The window, ms or an `ms` string such as '1 minute' (default 1 minute). */
  timeWindow?: number | string
  /** Share counters across instances. */
  redis?: Redis
  /** Redis key prefix (default 'qms:rl:'). */
  nameSpace?: string
}

export type IssueLimiter = (request: FastifyRequest, reply: FastifyReply, hall: string) => Promise<void>

export async function installPublicIssueLimits(
  app: FastifyInstance,
  limits: PublicIssueLimits = {},
): Promise<IssueLimiter> {
  await app.register(rateLimit, {
    global: false,
    ...(limits.redis && { redis: limits.redis, nameSpace: limits.nameSpace ?? 'qms:rl:' }),
  })
  const timeWindow = limits.timeWindow ?? 60_000
  const hallOf = (request: FastifyRequest): string => (request.params as { hall: string }).hall
  /** IPv6 clients count per /64 (one phone can cycle addresses within its prefix). */
  const clientOf = (request: FastifyRequest): string => normalizeIP(request.ip, 64)
  const checks = [
    {
      zh: '本设备取号过于频繁',
      en: 'too many tickets from this device',
      limit: app.createRateLimit({
        max: limits.perClient ?? 10,
        timeWindow,
        keyGenerator: (r) => `client:${hallOf(r)}:${clientOf(r)}`,
      }),
    },
    {
      zh: '本大厅线上取号过于频繁',
      en: 'too many online tickets for this hall',
      limit: app.createRateLimit({ max: limits.perHall ?? 600, timeWindow, keyGenerator: (r) => `hall:${hallOf(r)}` }),
    },
  ]

  return async (request, reply) => {
    if (request.principal !== null) return
    for (const { zh, en, limit } of checks) {
      const r = await limit(request)
      if (!r.isAllowed && r.isExceeded) {
        reply.header('retry-after', String(r.ttlInSeconds))
        throw new QmsError(
          'QMS_ERR_RATE_LIMITED',
          `${zh}，请 ${r.ttlInSeconds} 秒后再试 / ${en}; retry in ${r.ttlInSeconds} s`,
        )
      }
    }
  }
}
