// Builds the core's Fastify app (no listen): stores, auth, error answers, the /api/v1 routes,
// the live channel and OpenAPI. src/server.ts listens; tests use inject().
import Fastify, {
  LogController,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify'
import type { TokenStore } from './auth/token-store.ts'
import { DEFAULT_HALL_CACHE_MS, HallService, type SaveHallDocument } from './core/hall-service.ts'
import { QueueService } from './core/queue-service.ts'
import { installAuth } from './http/auth.ts'
import { IdentityService } from './identity/identity-service.ts'
import { frameworkErrorHandler, installErrorHandling } from './http/error-handler.ts'
import './http/fastify-types.ts'
import { observabilityPlugin, type ObservabilityOptions } from './http/observability.ts'
import { installOpenApi } from './http/openapi.ts'
import { installPublicIssueLimits, type PublicIssueLimits } from './http/rate-limit.ts'
import { installSecurityHeaders } from './http/security-headers.ts'
import { hallPublicRoutes } from './http/routes/hall-public.ts'
import { hallRoutes } from './http/routes/halls.ts'
import { ticketRoutes } from './http/routes/tickets.ts'
import { tokenRoutes } from './http/routes/tokens.ts'
import { windowRoutes } from './http/routes/windows.ts'
import { validatorCompiler } from './http/validator.ts'
import { installPredictions, type PredictionOptions } from './predict/install.ts'
import { livePlugin, type LivePluginOptions } from './realtime/live-plugin.ts'
import type { QueueStore } from './store/port.ts'

export const API_PREFIX = '/api/v1'
/** Every body but a hall document (see HALL_DOCUMENT_LIMIT) is small. */
export const BODY_LIMIT = 64 * 1024

export interface AppOptions {
  store: QueueStore
  tokens: TokenStore
  /** Bootstrap admin secret (ADMIN_TOKEN): lets an operator create the first tokens. */
  adminToken?: string
  logger?: boolean | object
  now?: () => number
  /** Limits on public (tokenless) ticket issuing. */
  rateLimit?: PublicIssueLimits
  /** Keeps every accepted hall document (Postgres config history); called before the live store. */
  saveHallDocument?: SaveHallDocument
  /** Hall document cache per instance (ms); other instances' changes show within it. */
  hallCacheMs?: number
  /** Behind a load balancer: take the client address from X-Forwarded-For (see Fastify trustProxy). */
  trustProxy?: boolean | string | string[]
  live?: Omit<LivePluginOptions, 'adminToken'>
  /** /health, /ready (extra readiness checks: postgres, mqtt…) and /metrics. */
  observability?: Omit<ObservabilityOptions, 'adminToken'>
  /** Registered inside the /api/v1 scope after the core routes (e.g. the history routes:
   *  `(api) => api.register(historyPlugin, { db })`); they share its auth and error handling. */
  apiPlugins?: Array<(api: FastifyInstance) => Promise<unknown>>
  /** Identity hashing (IDENTITY_KEY); default: from the environment (a random key with a warning in development). */
  identity?: IdentityService
  /** The wait-time predictor (docs/prediction.md): forecasts at issue, on reads and live.
   *  Absent: the store's simple estimate only. */
  predictions?: PredictionOptions
  /** Registered last, at the root (e.g. displays). */
  extraPlugins?: Array<(app: FastifyInstance) => Promise<void>>
}

/** One log line per request (the request with its outcome) instead of Fastify's two ('incoming
 *  request' and 'request completed'): log lines were a measurable part of a request
 *  (docs/performance.md). Error logging is Fastify's own. */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) return super.requestCompleted(error, request, reply)
    reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed')
  }
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const now = opts.now ?? Date.now
  const adminOpt = opts.adminToken !== undefined ? { adminToken: opts.adminToken } : {}
  const options: FastifyServerOptions = {
    logger: opts.logger ?? false,
    logController: new OneLinePerRequest(),
    bodyLimit: BODY_LIMIT,
    trustProxy: opts.trustProxy ?? false,
    frameworkErrors: frameworkErrorHandler,
  }
  const app = Fastify(options)
  app.setValidatorCompiler(validatorCompiler)

  app.decorate('store', opts.store)
  app.decorate('tokens', opts.tokens)
  const halls = new HallService(
    opts.store,
    now,
    opts.hallCacheMs ?? DEFAULT_HALL_CACHE_MS,
    opts.saveHallDocument ?? null,
  )
  app.decorate('halls', halls)
  const forecasts = opts.predictions ? installPredictions(app, opts.store, halls, opts.predictions) : null
  app.decorate('queue', new QueueService(opts.store, halls, now, forecasts))
  app.decorate('identity', opts.identity ?? IdentityService.fromEnv(process.env, (msg) => app.log.warn(msg)))
  installAuth(app, opts.adminToken, now)
  installErrorHandling(app)
  installSecurityHeaders(app)
  await installOpenApi(app)
  // Before the routes: its hooks count issued and called tickets from the routes' answers.
  await app.register(observabilityPlugin, { ...opts.observability, ...adminOpt })
  const limitPublicIssue = await installPublicIssueLimits(app, opts.rateLimit)

  await app.register(
    async (api) => {
      await api.register(hallRoutes)
      await api.register(hallPublicRoutes)
      await api.register(ticketRoutes, { limitPublicIssue })
      await api.register(windowRoutes)
      await api.register(tokenRoutes, { now })
      for (const plugin of opts.apiPlugins ?? []) await plugin(api)
    },
    { prefix: API_PREFIX },
  )

  await app.register(livePlugin, {
    ...opts.live,
    ...adminOpt,
    ...(forecasts && { onConnect: (hall: string) => forecasts.follow(hall) }),
  })

  for (const plugin of opts.extraPlugins ?? []) await app.register(plugin)
  return app
}
