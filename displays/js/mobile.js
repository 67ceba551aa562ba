// Mobile ticket page (?hall=&ticket=, from the kiosk's QR code; no token: the ticket id is the
// key). Number, service, status, people ahead and estimated wait, updated live; when called, a
// notice with the window, a flash and a vibration. Names come from GET /public (no token needed),
// which also says whether to offer notifications (mobile-notify.js) and the booking page.
/* global URLSearchParams */
import { ApiError } from './api.js'
import { $, restartAnimation, setText } from './dom.js'
import { serviceLabel, waitRangeText, windowLabel } from './format.js'
import { showLiveStatus } from './hall-feed.js'
import { getLang, localName, t } from './i18n.js'
import { LiveConnection } from './live.js'
import { notifyForm } from './mobile-notify.js'
import { bootPage, fatal } from './page.js'
import { param } from './params.js'

const REFRESH_MS = 1000
const FINAL = new Set(['done', 'no_show', 'cancelled'])
const VIBRATION = [400, 200, 400, 200, 400]

const ctx = await bootPage({ page: 'mobile', tokenKey: false })
const ticketId = param('ticket')
if (ctx && !ticketId) fatal(t('error.noTicket'))
else if (ctx) void start(ctx)

async function start({ api }) {
  // Names of the hall; without them (an older server) windows read "3号窗口" and no service shows.
  const pub = await api.get('/public', { auth: false }).catch(() => null)
  const notify = notifyForm({ api, ticketId, offered: pub?.features?.notify === true })
  if (pub?.features?.booking) {
    const book = $('#m-book')
    book.href = `booking.html?${new URLSearchParams({ hall: api.hall })}`
    book.hidden = false
  }
  let ticket = null
  let timer = null
  let lastFetch = 0
  let alertedCall = null // the call (window + time) already signalled, so a refresh does not repeat it

  async function load() {
    timer = null
    lastFetch = Date.now()
    try {
      const before = ticket?.status
      ticket = await api.get(`/tickets/${encodeURIComponent(ticketId)}`, { auth: false })
      render()
      // A call the live channel did not show (e.g. the phone was offline) still alerts once.
      if (before && before !== 'called' && ticket.status === 'called')
        signalCall({ window: ticket.window, at: ticket.calledAt })
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) fatal(err.message)
    }
  }

  function scheduleLoad() {
    if (timer) return
    timer = setTimeout(load, Math.max(0, lastFetch + REFRESH_MS - Date.now()))
  }

  function signalCall(event) {
    const key = `${event.window}@${event.at}`
    if (alertedCall === key) return
    alertedCall = key
    const el = $('#called')
    el.hidden = false
    setText(el, t('mobile.called', { window: windowLabel(pub, event.window) }))
    restartAnimation(el, 'flash')
    if (navigator.vibrate) navigator.vibrate(VIBRATION)
  }

  function render() {
    if (!ticket) return
    setText($('#m-number'), ticket.number)
    const cls = ticket.class !== 'normal' ? pub?.priorityClasses?.find((c) => c.id === ticket.class) : null
    setText(
      $('#m-service'),
      pub ? [serviceLabel(pub, ticket.service), cls && localName(cls)].filter(Boolean).join(' · ') : '',
    )
    $('#m-status').dataset.status = ticket.status
    setText($('#m-status'), t(`ticket.status.${ticket.status}`))
    const waiting = ticket.status === 'waiting'
    $('#m-facts').hidden = !waiting
    setText($('#m-ahead'), t('ticket.people', { n: ticket.ahead ?? 0 }))
    setText($('#m-eta'), waitRangeText(ticket.etaMinutes, ticket.etaP10Minutes, ticket.etaP90Minutes))
    setText(
      $('#m-final'),
      FINAL.has(ticket.status) || ticket.status === 'held' ? t(`mobile.final.${ticket.status}`) : '',
    )
    const called = $('#called')
    if (ticket.status === 'called' && ticket.window) {
      called.hidden = false
      setText(called, t('mobile.called', { window: windowLabel(pub, ticket.window) }))
    } else if (ticket.status === 'serving') {
      called.hidden = false
      setText(called, t('mobile.serving', { window: windowLabel(pub, ticket.window) }))
    } else {
      called.hidden = true
    }
    notify.render(ticket)
    setText(
      $('#m-updated'),
      t('mobile.updated', { time: new Date().toLocaleTimeString(getLang(), { hourCycle: 'h23' }) }),
    )
  }

  const live = new LiveConnection({
    hall: api.hall,
    ticket: ticketId,
    onSnapshot: () => void load(),
    onEvent: (event) => {
      if (
        event.ticket === ticketId &&
        (event.type === 'ticket.called' || event.type === 'ticket.recalled' || event.type === 'ticket.resumed')
      ) {
        ticket = { ...(ticket ?? {}), status: 'called', window: event.window, ahead: 0 }
        render()
        signalCall(event)
      }
      // Anyone's event can move this ticket up the queue: refresh (at most once a second).
      scheduleLoad()
    },
    // The predictor's figures for this ticket (only its own ever arrive): counted from `at`.
    onForecast: (msg) => {
      const f = msg.tickets?.[ticketId]
      if (!f || ticket?.status !== 'waiting') return
      const elapsedSec = Math.min(120, Math.max(0, (Date.now() - msg.at) / 1000)) // bounded: clocks differ
      const minutes = (sec) => Math.max(0, Math.ceil((sec - elapsedSec) / 60))
      ticket = {
        ...ticket,
        etaMinutes: minutes(f.etaSec),
        etaP10Minutes: minutes(f.p10),
        etaP90Minutes: minutes(f.p90),
      }
      render()
    },
    onStatus: (s, d) => showLiveStatus($('#live-status'), s, d),
  })
  live.start()
  document.addEventListener('langchange', render)
  void load()
}
