// GET /api/v1/halls/:hall/live: the hall's live channel over WebSocket (docs/live-channel.md).
// Auth failures are reported as close codes after the upgrade, not HTTP statuses, because a
// browser's WebSocket API hides the HTTP response of a refused upgrade.
import websocket from '@fastify/websocket'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { TokenStore } from '../auth/token-store.ts'
import type { QueueStore } from '../store/port.ts'
import { CLOSE } from './close-codes.ts'
import { authorizeLive } from './live-auth.ts'
import { LIVE_DEFAULTS, LiveHub, type LiveHubOptions } from './live-hub.ts'

declare module 'fastify' {
  interface FastifyInstance {
    store: QueueStore
    tokens: TokenStore
    /** The live channel's sockets on this instance (client counts for /metrics). */
    liveHub: LiveHub
  }
}

export interface LivePluginOptions extends Partial<LiveHubOptions> {
  adminToken?: string
  /** An accepted connection to a hall (e.g. start its forecasts). */
  onConnect?: (hall: string) => void
}

export const LIVE_ROUTE = '/api/v1/halls/:hall/live'

type Query = Record<string, string | string[] | undefined>
const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v)

/** `?since=` as a seq, null when absent, undefined when malformed. */
function parseSince(raw: string | undefined): number | null | undefined {
  if (raw === undefined || raw === '') return null
  return /^\d{1,15}$/.test(raw) ? Number(raw) : undefined
}

async function live(app: FastifyInstance, opts: LivePluginOptions): Promise<void> {
  const { adminToken, onConnect, ...hubOpts } = opts
  const hub = new LiveHub(app.store, app.log, { ...LIVE_DEFAULTS, ...hubOpts })
  app.decorate('liveHub', hub)
  // preClose, not onClose: sockets and store subscriptions must go before the store is closed.
  // Added before @fastify/websocket's own preClose (which closes sockets without a code), so
  // clients see 1001 and know to reconnect elsewhere.
  app.addHook('preClose', async () => hub.close())
  if (!app.hasDecorator('websocketServer')) {
    // Clients have nothing to say on this channel; a small cap keeps junk frames cheap.
    await app.register(websocket, { options: { maxPayload: 4096 } })
  }

  app.route<{ Params: { hall: string }; Querystring: Query }>({
    method: 'GET',
    url: LIVE_ROUTE,
    handler: async (_request, reply) =>
      reply.code(400).send({
        statusCode: 400,
        code: 'QMS_ERR_VALIDATION',
        error: 'Bad Request',
        message: 'this endpoint is a WebSocket: connect with Upgrade: websocket',
      }),
    wsHandler: async (socket, request) => {
      const { hall } = request.params
      const query = request.query
      const since = parseSince(one(query.since))
      if (since === undefined) return socket.close(CLOSE.BAD_REQUEST, 'since must be a non-negative integer')
      let access: Awaited<ReturnType<typeof authorizeLive>>
      try {
        access = await authorizeLive({ store: app.store, tokens: app.tokens, adminToken }, hall, {
          authorization: request.headers.authorization,
          token: one(query.token),
          ticket: one(query.ticket),
        })
      } catch (err) {
        request.log.warn({ hall, err }, 'live: could not check access')
        return socket.close(CLOSE.INTERNAL, 'store unavailable')
      }
      if (!access.ok) {
        request.log.info({ hall, code: access.code }, `live: refused (${access.reason})`)
        return socket.close(access.code, access.reason)
      }
      onConnect?.(hall)
      await hub.connect(socket, hall, access.viewer, since)
    },
  })
}

export const livePlugin = fp(live, {
  name: 'qms-live',
  fastify: '5.x',
  decorators: { fastify: ['store', 'tokens'] },
})
