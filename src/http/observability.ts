// /health (liveness), /ready (readiness: the store and any configured checks) and /metrics
// (Prometheus). The ticket counters are read off the answers of the issue and call-next routes
// in hooks, so the routes themselves know nothing about metrics.
import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { bearerToken, hashSecret } from '../auth/authenticate.ts'
import type { QueueStore } from '../store/port.ts'
import { QmsMetrics } from './metrics.ts'

declare module 'fastify' {
  interface FastifyInstance {
    store: QueueStore
    /** This instance's metrics registry: other parts may register their own metrics in it. */
    metrics: QmsMetrics
  }
}

export type ReadinessCheck = () => Promise<boolean>

export interface ObservabilityOptions {
  adminToken?: string
  /** Extra readiness checks by name (postgres, mqtt…); the store's ping is always checked. */
  readinessChecks?: Record<string, ReadinessCheck>
  /** A check that has not answered within this time counts as failed. */
  readyTimeoutMs?: number
  /** When set, /metrics needs `Authorization: Bearer <metricsToken>` (or the admin token). */
  metricsToken?: string
  /** Node process metrics (CPU, memory, event loop, GC); default true. */
  defaultMetrics?: boolean
  /** Halls whose waiting counts each scrape reads (one snapshot each); default 500. */
  maxHallsPerScrape?: number
}

/** Route patterns whose successful answers are counted (with the /api/v1 prefix). */
export const ISSUE_ROUTE = '/api/v1/halls/:hall/tickets'
export const CALL_NEXT_ROUTE = '/api/v1/halls/:hall/windows/:window/call-next'

type Counted = { counter: 'ticketsIssued' | 'ticketsCalled'; hall: string; service: string }

/** What an answer of a counted route says was issued/called; null for every other answer. The
 *  answer is read before serialization (an object), or parsed when a route sent a string. */
function countedOf(request: FastifyRequest, reply: FastifyReply, payload: unknown): Counted | null {
  const route = request.routeOptions.url
  const hall = (request.params as { hall?: string } | undefined)?.hall
  if (!hall || request.method !== 'POST' || (typeof payload !== 'string' && typeof payload !== 'object')) return null
  if (payload === null) return null
  if (route === ISSUE_ROUTE && reply.statusCode === 201) {
    const service = parseService(payload, (body) => body.service)
    return service ? { counter: 'ticketsIssued', hall, service } : null
  }
  // 200 carries the called ticket; 204 means nothing waited (nobody was called).
  if (route === CALL_NEXT_ROUTE && reply.statusCode === 200) {
    const service = parseService(payload, (body) => (body.ticket as { service?: unknown } | undefined)?.service)
    return service ? { counter: 'ticketsCalled', hall, service } : null
  }
  return null
}

function parseService(payload: string | object, pick: (body: Record<string, unknown>) => unknown): string | null {
  try {
    const body = typeof payload === 'string' ? JSON.parse(payload) : payload
    const service = pick(body as Record<string, unknown>)
    return typeof service === 'string' ? service : null
  } catch {
    return null
  }
}

const sameSecret = (a: string, b: string): boolean =>
  timingSafeEqual(Buffer.from(hashSecret(a)), Buffer.from(hashSecret(b)))

async function withTimeout(check: ReadinessCheck, ms: number): Promise<'ok' | 'failed' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)))
  const run = check().then(
    (ok): 'ok' | 'failed' => (ok ? 'ok' : 'failed'),
    (): 'failed' => 'failed',
  )
  try {
    return await Promise.race([run, timeout])
  } finally {
    clearTimeout(timer)
  }
}

async function observability(app: FastifyInstance, opts: ObservabilityOptions): Promise<void> {
  const metrics = new QmsMetrics(
    {
      store: app.store,
      // Looked up at scrape time: the live plugin may be registered after this one.
      liveClients: () => (app.hasDecorator('liveHub') ? app.liveHub.clientsByHall() : new Map()),
      clock: Date.now,
      maxHalls: opts.maxHallsPerScrape ?? 500,
    },
    { defaultMetrics: opts.defaultMetrics ?? true },
  )
  app.decorate('metrics', metrics)

  const counted = new WeakMap<FastifyRequest, Counted>()
  // preSerialization sees the route's object (no JSON.parse per request); onSend covers a route
  // that sends a ready string.
  app.addHook('preSerialization', async (request, reply, payload) => {
    const c = countedOf(request, reply, payload)
    if (c) counted.set(request, c)
    return payload
  })
  app.addHook('onSend', async (request, reply, payload) => {
    if (!counted.has(request) && typeof payload === 'string') {
      const c = countedOf(request, reply, payload)
      if (c) counted.set(request, c)
    }
    return payload
  })
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, never the raw URL: ids in URLs would explode the label set.
    const route = request.routeOptions.url ?? 'unmatched'
    metrics.httpDuration.observe(
      { method: request.method, route, status_code: reply.statusCode },
      reply.elapsedTime / 1000,
    )
    const c = counted.get(request)
    if (c) metrics[c.counter].inc({ hall: c.hall, service: c.service })
  })

  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }))

  const checks: Record<string, ReadinessCheck> = { store: () => app.store.ping(), ...opts.readinessChecks }
  const timeoutMs = opts.readyTimeoutMs ?? 2000
  app.get('/ready', { schema: { hide: true } }, async (_request, reply) => {
    const names = Object.keys(checks)
    const results = await Promise.all(names.map((n) => withTimeout(checks[n]!, timeoutMs)))
    const status = Object.fromEntries(names.map((n, i) => [n, results[i]!]))
    const failed = names.filter((_, i) => results[i] !== 'ok')
    if (failed.length === 0) return { status: 'ready', checks: status }
    return reply.code(503).send({
      statusCode: 503,
      code: 'QMS_ERR_UNAVAILABLE',
      error: 'Service Unavailable',
      message: `not ready: ${failed.join(', ')}`,
      checks: status,
    })
  })

  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (opts.metricsToken) {
      const secret = bearerToken(request.headers.authorization)
      const allowed =
        secret !== null &&
        (sameSecret(secret, opts.metricsToken) || (!!opts.adminToken && sameSecret(secret, opts.adminToken)))
      if (!allowed) {
        return reply.code(401).send({
          statusCode: 401,
          code: 'QMS_ERR_UNAUTHORIZED',
          error: 'Unauthorized',
          message: 'a metrics token is required',
        })
      }
    }
    const body = await metrics.scrape()
    return reply.type(metrics.registry.contentType).send(body)
  })
}

export const observabilityPlugin = fp(observability, {
  name: 'qms-observability',
  fastify: '5.x',
  decorators: { fastify: ['store'] },
})
