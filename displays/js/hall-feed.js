// Wires a page to its hall: the live channel feeding a HallModel, and service counts refreshed
// from GET /state (at most once a second) after events, since events alone cannot keep them exact.
import { HallModel } from './hall-model.js'
import { LiveConnection } from './live.js'
import { t } from './i18n.js'

const REFRESH_MS = 1000

/**
 * @param {object} o
 * @param {object} o.api            from createApi
 * @param {string|null} [o.token]
 * @param {string|null} [o.ticket]
 * @param {(why: string, event?: object) => void} o.onChange
 * @param {(call: object, event: object) => void} [o.onCall]
 * @param {() => Promise<void>|void} [o.onConfigured]  the hall document changed
 * @param {(status: string, detail?: object) => void} [o.onStatus]
 * @param {boolean} [o.refreshState]  fetch GET /state after events (needs a token)
 */
export function startHallFeed(o) {
  const model = new HallModel()
  let timer = null
  let lastRefresh = 0

  async function refresh() {
    timer = null
    lastRefresh = Date.now()
    try {
      const state = await o.api.get('/state')
      if (!model.applyState(state)) scheduleRefresh()
      o.onChange('state')
    } catch {
      // counts stay as the snapshot had them; the next event retries
    }
  }

  function scheduleRefresh() {
    if (!o.refreshState || timer) return
    timer = setTimeout(refresh, Math.max(0, lastRefresh + REFRESH_MS - Date.now()))
  }

  const live = new LiveConnection({
    hall: o.api.hall,
    token: o.token ?? null,
    ticket: o.ticket ?? null,
    onSnapshot: (snapshot) => {
      model.applySnapshot(snapshot)
      o.onChange('snapshot')
    },
    onEvent: async (event) => {
      if (event.type === 'hall.configured') {
        await o.onConfigured?.()
        live.resync() // new windows or services: start from a fresh snapshot
        return
      }
      const call = model.applyEvent(event)
      if (call) o.onCall?.(call, event)
      o.onChange('event', event)
      scheduleRefresh()
    },
    onForecast: (msg) => {
      if (model.applyForecast(msg)) o.onChange('forecast')
    },
    onStatus: o.onStatus,
  })
  live.start()
  return { model, live, refresh: scheduleRefresh }
}

/** Shows the connection state in `el` (role=status): hidden while live. */
export function showLiveStatus(el, status, detail) {
  el.dataset.state = status
  const key = status === 'refused' ? `live.refused.${detail?.code ?? 0}` : `live.${status}`
  el.textContent = status === 'live' ? t('live.live') : t(key) === key ? t('live.refused') : t(key)
}
