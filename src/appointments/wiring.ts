// Composition for the server: identity hashing, the appointment routes and no-show sweeper
// (they need Postgres), and remote-ticket notifications (they need a gateway). Environment:
//   IDENTITY_KEY            ≥ 32 bytes, shared by every core instance (dev: generated, with a warning)
//   NOTIFY_WEBHOOK_URL      the SMS/WeChat gateway; without it the notify routes are not offered
//   NOTIFY_WEBHOOK_SECRET   HMAC key for the x-qms-signature header (required with the URL)
//   APPOINTMENT_SWEEP_MS    how often no-shows are recorded (default 60000)
import type { Cluster, Redis } from 'ioredis'
import type { Kysely } from 'kysely'
import type { AppOptions } from '../app.ts'
import type { Database } from '../db/schema.ts'
import { appointmentRoutes } from '../http/routes/appointments.ts'
import { notifyRoutes } from '../http/routes/notify.ts'
import { IdentityService } from '../identity/identity-service.ts'
import { Notifications } from '../notify/notifications.ts'
import { RedisWatchRegistry } from '../notify/redis-watch-registry.ts'
import { MemoryWatchRegistry } from '../notify/watch-registry.ts'
import { WebhookNotifier } from '../notify/webhook.ts'
import type { QueueStore } from '../store/port.ts'
import { startNoShowSweeper } from './no-show-sweeper.ts'

interface Log {
  info(obj: object, msg: string): void
  warn(obj: object | string, msg?: string): void
}

export interface CitizenServicesOptions {
  env: Record<string, string | undefined>
  store: QueueStore
  /** Postgres/PGlite; without it there are no appointment routes. */
  db?: Kysely<Database> | null
  /** Shared watch registry across instances; without it, in process memory. */
  redis?: Redis | Cluster
  log: Log
}

export interface CitizenServices {
  /** Spread into buildApp's options (append `apiPlugins` to any others). */
  appOptions: Required<Pick<AppOptions, 'identity' | 'apiPlugins'>>
  notifications: Notifications | null
  /** After the app is built: starts the no-show sweeper and the notification follower. */
  start(): Promise<void>
  stop(): Promise<void>
}

export function citizenServices(opts: CitizenServicesOptions): CitizenServices {
  const { env, log } = opts
  const identity = IdentityService.fromEnv(env, (msg) => log.warn(msg))
  const apiPlugins: NonNullable<AppOptions['apiPlugins']> = []
  const db = opts.db ?? null
  if (db) apiPlugins.push(async (api) => void (await api.register(appointmentRoutes, { db })))

  let notifications: Notifications | null = null
  if (env.NOTIFY_WEBHOOK_URL) {
    if (!env.NOTIFY_WEBHOOK_SECRET) throw new Error('NOTIFY_WEBHOOK_SECRET is required with NOTIFY_WEBHOOK_URL')
    notifications = new Notifications({
      store: opts.store,
      registry: opts.redis ? new RedisWatchRegistry(opts.redis) : new MemoryWatchRegistry(),
      notifier: new WebhookNotifier({ url: env.NOTIFY_WEBHOOK_URL, secret: env.NOTIFY_WEBHOOK_SECRET }),
      sealer: identity.sealer,
      log,
    })
    const n = notifications
    apiPlugins.push(async (api) => void (await api.register(notifyRoutes, { notifications: n })))
  }

  let stopSweeper: (() => Promise<void>) | null = null
  return {
    appOptions: { identity, apiPlugins },
    notifications,
    start: async () => {
      if (db) {
        stopSweeper = startNoShowSweeper(db, {
          intervalMs: Number(env.APPOINTMENT_SWEEP_MS) || 60_000,
          onSwept: (count) => log.info({ count }, 'appointments: no-shows recorded'),
          onError: (err) => log.warn({ err }, 'appointments: no-show sweep failed'),
        })
      }
      await notifications?.start()
    },
    stop: async () => {
      await stopSweeper?.()
      await notifications?.stop()
    },
  }
}
