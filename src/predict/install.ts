// Wires the wait-time predictor into a core app (docs/prediction.md, "Wiring"): one
// PredictionHub per instance on the live channel's shared hall feeds, lookups for the request
// path (HallForecasts), and `forecast` messages on the live channel (ForecastRelay).
import type { FastifyInstance } from 'fastify'
import type { HallService } from '../core/hall-service.ts'
import type { QueueEvent } from '../domain/types.ts'
import { ForecastRelay } from '../realtime/forecast-relay.ts'
import type { QueueStore } from '../store/port.ts'
import { HallForecasts } from './hall-forecasts.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** The predictor's lookups, when predictions are on (AppOptions.predictions). */
    forecasts?: HallForecasts
  }
}

export interface PredictionOptions {
  /** Past days' events of a hall, oldest first (the Postgres archive): the warm start. */
  history?: (hall: string) => Promise<Iterable<QueueEvent>>
  /** At most one forecast per hall per this many ms (default 250). */
  minRefreshMs?: number
  /** Share of one core the forecasts of all halls may use together (default 0.03). */
  cpuShare?: number
  /** At most one live update per ticket per this many ms (default 30 000). */
  ticketIntervalMs?: number
  /** Follow every hall the store knows at start, not only on first use (default false). */
  followAll?: boolean
}

/** Needs the live plugin (app.liveHub) registered before the first hall is followed. */
export function installPredictions(
  app: FastifyInstance,
  store: QueueStore,
  halls: HallService,
  opts: PredictionOptions,
): HallForecasts {
  let relay: ForecastRelay | null = null
  const history = opts.history
  const forecasts = new HallForecasts({
    feeds: { acquire: (hall, listener) => app.liveHub.feeds.acquire(hall, listener) },
    store,
    halls,
    // The warm start is a bonus: without the archive (database down) the hall is followed anyway.
    ...(history && {
      history: (hall: string) =>
        history(hall).catch((err: unknown) => {
          app.log.warn({ hall, err }, 'predictions: no warm start from the archive')
          return []
        }),
    }),
    ...(opts.minRefreshMs !== undefined && { minRefreshMs: opts.minRefreshMs }),
    ...(opts.cpuShare !== undefined && { cpuShare: opts.cpuShare }),
    onRefresh: (hall, prediction, updates) =>
      relay?.onRefresh(
        hall,
        prediction,
        updates.map((u) => u.ticket),
      ),
    log: app.log,
  })
  relay = new ForecastRelay({
    send: (hall, message) => app.liveHub.broadcastForecast(hall, message),
    latest: (hall) => forecasts.hub.latest(hall),
    ...(opts.ticketIntervalMs !== undefined && { ticketIntervalMs: opts.ticketIntervalMs }),
  })
  app.decorate('forecasts', forecasts)
  if (opts.followAll) {
    app.addHook('onReady', async () => {
      for (const hall of await store.listHalls()) forecasts.follow(hall)
    })
  }
  // Before the live plugin's own preClose: the hub's feed subscriptions go before the store.
  app.addHook('preClose', async () => {
    relay?.close()
    await forecasts.close()
  })
  return forecasts
}
