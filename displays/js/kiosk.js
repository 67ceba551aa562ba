// Kiosk (1080×1920 touch): pick a service (or the green channel first), get a ticket with the
// people ahead, the estimated wait and a QR code to the mobile ticket page; or check in for an
// appointment (kiosk-checkin.js). Where the hall has a green-channel age rule, the green channel
// asks for the ID-card number first and sends it (the server decides). 长者模式 enlarges
// everything and turns every time-out off; otherwise idle screens return home by themselves.
/* global clearInterval, URLSearchParams */
import { ApiError, fetchHallDocument, newKey } from './api.js'
import { todayHoursText } from './calendar.js'
import { $, fill, setText } from './dom.js'
import { hallLabel, serviceLabel, waitText } from './format.js'
import { startHallFeed } from './hall-feed.js'
import { localName, t } from './i18n.js'
import { checkInScreen } from './kiosk-checkin.js'
import { greenIdStep } from './kiosk-green.js'
import { serviceGroups } from './kiosk-services.js'
import { bootPage } from './page.js'
import { qrSvg } from './qr.js'

const TICKET_SCREEN_SEC = 30
const IDLE_RETURN_MS = 60000
const RETRYABLE = (err) => err instanceof ApiError && (err.status === 0 || err.status >= 500)

const ctx = await bootPage({ page: 'kiosk', loadDocument: true })
if (ctx) start(ctx)

function start({ api, token, doc: initialDoc }) {
  let doc = initialDoc
  let green = false
  let greenId = null // the ID-card number given for the green channel (kept until the ticket)
  let pending = null // {service, priority, idCard, key}: a retry after a network failure reuses the key
  let retry = null // what 重试 does after a network failure
  let countdown = null
  let idleTimer = null
  const refused = new Map() // service id → reason, from the server's 409 answers today
  let limitDate = new Date().toDateString()
  const greenClass = () => doc.greenChannel?.class ?? 'green'
  const hasGreen = () => (doc.priorityClasses ?? []).some((c) => c.id === greenClass())
  const SCREENS = ['home', 'checkin', 'green-id', 'issuing', 'ticket', 'failure']
  const checkIn = checkInScreen({ api, show, showBusy, showTicket, showFailure })
  const greenStep = greenIdStep({ show, onId: greenChosen })

  const feed = token
    ? startHallFeed({
        api,
        token,
        refreshState: true,
        onChange: renderServices,
        onConfigured: async () => {
          doc = await fetchHallDocument(api).catch(() => doc)
          renderAll()
        },
      })
    : null

  function show(screen) {
    for (const id of SCREENS) $(`#${id}`).hidden = id !== screen
    armIdle()
  }

  function elderly() {
    return document.body.classList.contains('elderly')
  }

  // In normal mode an abandoned screen goes back home; 长者模式 never times out mid-task.
  function armIdle() {
    clearTimeout(idleTimer)
    const atRest = !$('#home').hidden && !green
    if (elderly() || atRest || !$('#ticket').hidden) return
    idleTimer = setTimeout(goHome, IDLE_RETURN_MS)
  }

  function goHome() {
    clearInterval(countdown)
    green = false
    greenId = null
    pending = null
    checkIn.clear()
    greenStep.clear()
    setElderly(false) // the next visitor starts with the default screen
    show('home')
    renderAll()
  }

  function setElderly(on) {
    document.body.classList.toggle('elderly', on)
    $('#elderly-toggle').setAttribute('aria-pressed', String(on))
  }

  function renderAll() {
    setText($('#hall-name'), hallLabel(doc, api.hall))
    const hours = doc.hours ? todayHoursText(doc) : null // no hours: open all day, nothing to say
    setText($('#hall-hours'), hours === null ? '' : hours ? t('kiosk.hoursToday', { hours }) : t('kiosk.closedToday'))
    $('#green-entry').hidden = green || !hasGreen()
    $('#checkin-entry').hidden = green || !doc.appointments
    $('#green-banner').hidden = !green
    checkIn.relabel()
    greenStep.render(doc)
    renderServices()
  }

  function renderServices() {
    const today = new Date().toDateString()
    if (today !== limitDate) {
      refused.clear() // daily limits start over with the day
      limitDate = today
    }
    const live = feed ? feed.model.services : new Map()
    fill($('#service-groups'), serviceGroups({ doc, live, refused, onPick: pick }))
  }

  function banner(text) {
    const el = $('#kiosk-banner')
    setText(el, text ?? '')
    el.hidden = !text
  }

  function pick(service, available) {
    if (!available.ok) return banner(t('kiosk.unavailable', { service: localName(service), reason: available.reason }))
    banner(null)
    pending = {
      service: service.id,
      priority: green ? greenClass() : null,
      idCard: green ? greenId : null,
      key: newKey(),
    }
    void issue()
  }

  async function issue() {
    showBusy('kiosk.issuing')
    const body = {
      service: pending.service,
      ...(pending.priority && { priority: pending.priority }),
      ...(pending.idCard && { identity: { idCard: pending.idCard } }),
    }
    try {
      const res = await api.post('/tickets', body, { idempotencyKey: pending.key })
      showTicket(res.ticket ?? res)
    } catch (err) {
      if (err instanceof ApiError && err.code === 'QMS_ERR_DAILY_LIMIT')
        refused.set(pending.service, t('kiosk.reason.limit'))
      if (err instanceof ApiError && err.code === 'QMS_ERR_SERVICE_UNAVAILABLE')
        refused.set(pending.service, t('kiosk.reason.notToday'))
      if (err instanceof ApiError && err.code === 'QMS_ERR_NOT_ELIGIBLE') {
        green = false // 返回 leads to the normal list; the desk decides other cases
        greenId = null
        renderAll()
      }
      showFailure(err, () => void issue())
    }
  }

  function showBusy(textKey) {
    setText($('#issuing-text'), t(textKey))
    show('issuing')
  }

  /** Green channel with an age rule: the ID-card number was given; now the service. */
  function greenChosen(id) {
    greenId = id
    green = true
    show('home')
    renderAll()
    $('#green-cancel').focus()
  }

  /** `note`: the server's check-in message; a late arrival's walk-in ticket is marked as a warning. */
  function showTicket(ticket, note = null) {
    pending = null
    greenId = null
    const noteEl = $('#ticket-note')
    noteEl.hidden = !note?.text
    noteEl.classList.toggle('late', note?.late === true)
    setText(noteEl, note?.text ?? '')
    setText($('#ticket-number'), ticket.number)
    setText($('#ticket-service'), serviceLabel(doc, ticket.service))
    const cls = (doc.priorityClasses ?? []).find((c) => c.id === (ticket.class ?? ticket.priority))
    $('#ticket-class').hidden = !cls
    if (cls) setText($('#ticket-class'), localName(cls))
    setText($('#ticket-ahead'), t('ticket.people', { n: ticket.ahead ?? 0 }))
    setText($('#ticket-eta'), waitText(ticket.etaMinutes))
    const url = new URL('mobile.html', location.href)
    url.search = new URLSearchParams({ hall: api.hall, ticket: ticket.id }).toString()
    fill($('#ticket-qr'), qrSvg(url.href, t('kiosk.qrLabel', { number: ticket.number })))
    show('ticket')
    startCountdown()
  }

  function startCountdown() {
    clearInterval(countdown)
    setText($('#ticket-countdown'), '')
    if (elderly()) return
    let left = TICKET_SCREEN_SEC
    const tick = () => {
      setText($('#ticket-countdown'), t('kiosk.returnIn', { n: left }))
      if (left-- <= 0) goHome()
    }
    tick()
    countdown = setInterval(tick, 1000)
  }

  function showFailure(err, retryWith = null) {
    setText($('#failure-message'), err instanceof ApiError ? err.message : t('error.unexpected'))
    retry = RETRYABLE(err) ? retryWith : null
    $('#failure-retry').hidden = !retry
    show('failure')
    renderServices()
  }

  $('#elderly-toggle').addEventListener('click', () => {
    setElderly(!elderly())
    armIdle()
    if (!$('#ticket').hidden) startCountdown()
  })
  $('#green-entry').addEventListener('click', () => {
    banner(null)
    if (doc.greenChannel) return greenStep.open()
    green = true
    renderAll()
    armIdle()
    $('#green-cancel').focus()
  })
  $('#green-cancel').addEventListener('click', () => {
    green = false
    greenId = null
    renderAll()
    armIdle()
  })
  $('#checkin-entry').addEventListener('click', () => {
    banner(null)
    checkIn.open()
  })
  for (const b of document.querySelectorAll('[data-action="home"]')) b.addEventListener('click', goHome)
  $('#ticket-done').addEventListener('click', goHome)
  $('#failure-back').addEventListener('click', () => {
    pending = null
    show('home')
  })
  $('#failure-retry').addEventListener('click', () => retry?.())
  for (const type of ['pointerdown', 'keydown']) document.addEventListener(type, armIdle, { passive: true })
  document.addEventListener('langchange', renderAll)
  setInterval(renderServices, 60000) // opening hours change with the clock
  renderAll()
  show('home')
}
