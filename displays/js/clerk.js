// Clerk console: sign in with a clerk token (kept in this browser), pick a window, and run it:
// call next, recall, start, complete (with outcome), no-show, hold/resume, transfer, pause/open/
// close, each on a button and a single-key shortcut. Errors show the server's message.
/* global history */
import { ApiError, createApi, fetchHallDocument } from './api.js'
import { ACTIONS, bindShortcuts, requeueTicket, resumeTicket } from './clerk-actions.js'
import { $, fill, h, setText } from './dom.js'
import { elapsedText, hallLabel, serviceLabel, waitText, windowLabel } from './format.js'
import { startHallFeed, showLiveStatus } from './hall-feed.js'
import { localName, t } from './i18n.js'
import { bootPage, fatal } from './page.js'
import { param } from './params.js'
import { heldStore, oldestText } from './clerk-support.js'
import { holderLookup } from './clerk-holder.js'

const TOKEN_KEY = 'qms.clerk.token'
const WINDOW_KEY = 'qms.clerk.window'
const OUTCOMES = ['completed', 'consulted', 'materials-incomplete', 'rejected']
const PAUSE_REASONS = ['lunch', 'away', 'system', 'training']

const boot = await bootPage({ page: 'clerk' })
if (boot) {
  // The token now lives in localStorage; keep it out of the address bar and the history.
  const url = new URL(location.href)
  if (url.searchParams.has('token')) {
    url.searchParams.delete('token')
    history.replaceState(null, '', url)
  }
  if (boot.token) void signIn(boot.hall, boot.token)
  else showSignIn(boot.hall)
}

function storage(fn) {
  try {
    return fn(localStorage)
  } catch {
    return null
  }
}

function showSignIn(hall, error = '') {
  $('#signin').hidden = false
  setText($('#signin-error'), error)
  $('#token-input').focus()
  $('#signin').onsubmit = (e) => {
    e.preventDefault()
    const token = $('#token-input').value.trim()
    if (token) void signIn(hall, token)
  }
}

async function signIn(hall, token) {
  const api = createApi({ hall, token })
  let doc
  try {
    doc = await fetchHallDocument(api)
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
      storage((s) => s.removeItem(TOKEN_KEY))
      return showSignIn(hall, err.message)
    }
    return fatal(err.message)
  }
  storage((s) => s.setItem(TOKEN_KEY, token))
  $('#signin').hidden = true
  runConsole(api, token, doc)
}

function runConsole(api, token, initialDoc) {
  let doc = initialDoc
  let busy = false
  const held = heldStore(api)
  const ids = doc.windows.map((w) => w.id)
  const wanted = param('window') ?? storage((s) => s.getItem(WINDOW_KEY))
  let windowId = ids.includes(wanted) ? wanted : ids[0]

  $('#console').hidden = false
  $('#window-picker').hidden = false
  $('#sign-out').hidden = false
  $('#sign-out').onclick = () => {
    storage((s) => s.removeItem(TOKEN_KEY))
    location.reload()
  }

  const feed = startHallFeed({
    api,
    token,
    refreshState: true,
    onChange: render,
    onConfigured: async () => {
      doc = await fetchHallDocument(api).catch(() => doc)
      renderStatic()
    },
    onStatus: (s, d) => showLiveStatus($('#live-status'), s, d),
  })
  const { model } = feed
  const holderOf = holderLookup(api, () => render())
  void held.restore(model).then(render)

  const buttons = new Map()
  for (const a of ACTIONS) {
    const label = h('span', {}, t(`clerk.a.${a.id}`))
    const btn = h(
      'button',
      {
        type: 'button',
        class: `btn ${a.variant ?? ''}`,
        'aria-keyshortcuts': a.key,
        dataset: { action: a.id },
        onclick: () => click(a),
      },
      label,
      h('kbd', { 'aria-hidden': 'true' }, a.key),
    )
    buttons.set(a.id, { btn, label })
    $(a.group === 'ticket' ? '#ticket-actions' : '#window-actions').append(btn)
  }
  bindShortcuts(click)

  function context() {
    const w = model.windows.get(windowId) ?? null
    return {
      api,
      windowId,
      window: w,
      current: w?.current ?? null,
      held: held.forWindow(model, windowId),
      outcome: $('#outcome-select').value,
      transferTarget: $('#transfer-target').value,
      pauseReason: $('#pause-reason').value.trim(),
    }
  }

  async function click(action) {
    const c = context()
    if (busy || !action.enabled(c)) return
    await perform(() => action.run(c))
  }

  async function perform(fn) {
    busy = true
    setText($('#clerk-error'), '')
    render()
    try {
      setText($('#clerk-message'), await fn())
    } catch (err) {
      setText($('#clerk-message'), '')
      setText($('#clerk-error'), err instanceof ApiError ? err.message : t('error.unexpected'))
    } finally {
      busy = false
      render()
    }
  }

  function renderStatic() {
    setText($('#hall-name'), hallLabel(doc, api.hall))
    fill(
      $('#window-select'),
      doc.windows.map((w) => h('option', { value: w.id, selected: w.id === windowId }, localName(w))),
    )
    fill(
      $('#outcome-select'),
      OUTCOMES.map((o) => h('option', { value: o }, t(`clerk.outcome.${o}`))),
    )
    fill(
      $('#pause-reasons'),
      PAUSE_REASONS.map((r) => h('option', { value: t(`clerk.reason.${r}`) })),
    )
    for (const a of ACTIONS) setText(buttons.get(a.id).label, t(`clerk.a.${a.id}`))
    renderTransferTargets()
    render()
  }

  function renderTransferTargets() {
    const services = doc.services.map((s) => h('option', { value: `service:${s.id}` }, localName(s)))
    const windows = doc.windows
      .filter((w) => w.id !== windowId)
      .map((w) => h('option', { value: `window:${w.id}` }, localName(w)))
    fill(
      $('#transfer-target'),
      h('option', { value: '' }, t('clerk.chooseTarget')),
      h('optgroup', { label: t('clerk.toService') }, services),
      h('optgroup', { label: t('clerk.toWindow') }, windows),
    )
  }

  function render() {
    const c = context()
    const cur = c.current
    setText($('#cur-number'), cur ? cur.number : '—')
    const cls = cur && cur.class !== 'normal' ? (doc.priorityClasses ?? []).find((p) => p.id === cur.class) : null
    setText(
      $('#cur-info'),
      cur
        ? [serviceLabel(doc, cur.service), t(`ticket.status.${cur.status}`), cls ? localName(cls) : null]
            .filter(Boolean)
            .join(' · ')
        : t('clerk.noCurrent'),
    )
    const holder = cur ? holderOf(cur.id) : null
    $('#cur-holder').hidden = !holder
    setText($('#cur-holder'), holder ? t('clerk.holder', { holder }) : '')
    for (const a of ACTIONS) buttons.get(a.id).btn.disabled = busy || !a.enabled(c)
    renderWindowState(c.window)
    renderHeld(c)
    renderQueues(c.window)
    held.save(model)
  }

  function renderWindowState(w) {
    if (!w) return fill($('#window-state'), t('window.unknown'))
    const parts = [
      h('span', { class: 'badge', dataset: { status: w.status } }, t(`window.status.${w.status}`)),
      ' ',
      t('clerk.since', { elapsed: elapsedText(w.since) }),
    ]
    if (w.reason) parts.push(` · ${w.reason}`)
    fill($('#window-state'), parts)
  }

  function renderHeld(c) {
    const missed = [...model.missed.entries()].filter(([, m]) => m.window === windowId)
    const items = [
      ...c.held.map((x) =>
        h(
          'li',
          {},
          h('span', { class: 'num' }, x.number),
          h('span', {}, `${serviceLabel(doc, x.service)} · ${t('ticket.status.held')}`),
          resumeButton(x),
        ),
      ),
      ...missed.map(([id, m]) =>
        h(
          'li',
          {},
          h('span', { class: 'num' }, m.number),
          h('span', {}, `${serviceLabel(doc, m.service)} · ${t('ticket.status.no_show')}`),
          requeueButton(id, m),
        ),
      ),
    ]
    fill($('#held-list'), items.length ? items : h('li', { class: 'empty' }, t('clerk.noneHeld')))
  }

  function resumeButton(x) {
    const c = context()
    const disabled = busy || !(c.window?.status === 'open' && !c.current)
    return h(
      'button',
      {
        type: 'button',
        class: 'btn small',
        disabled,
        'aria-label': t('clerk.resumeNumber', { number: x.number }),
        onclick: () => perform(() => resumeTicket(c, x.id)),
      },
      t('clerk.a.resume'),
    )
  }

  function requeueButton(id, m) {
    return h(
      'button',
      {
        type: 'button',
        class: 'btn small',
        disabled: busy,
        'aria-label': t('clerk.requeueNumber', { number: m.number }),
        onclick: () => perform(() => requeueTicket(context(), id)),
      },
      t('clerk.requeue'),
    )
  }

  function renderQueues(w) {
    const cfg = doc.windows.find((x) => x.id === windowId)
    const rows = (cfg?.services ?? []).map((id) => {
      const s = model.services.get(id)
      const oldest = model.oldestWait(id)
      return h(
        'tr',
        {},
        h('td', {}, serviceLabel(doc, id)),
        h('td', {}, t('ticket.people', { n: s?.waiting ?? 0 })),
        h('td', { class: oldest !== null && oldest > 30 * 60000 ? 'warn' : null }, oldestText(oldest)),
        h('td', {}, waitText(s?.etaMinutes)),
      )
    })
    if (w?.queueLength)
      rows.push(
        h(
          'tr',
          {},
          h('td', {}, t('clerk.ownQueue', { window: windowLabel(doc, windowId) })),
          h('td', {}, t('ticket.people', { n: w.queueLength })),
          h('td', {}, '—'),
          h('td', {}, '—'),
        ),
      )
    fill($('#queue-rows'), rows)
  }

  $('#window-select').addEventListener('change', (e) => {
    windowId = e.target.value
    storage((s) => s.setItem(WINDOW_KEY, windowId))
    setText($('#clerk-message'), '')
    setText($('#clerk-error'), '')
    renderTransferTargets()
    render()
  })
  $('#transfer-target').addEventListener('change', render)
  document.addEventListener('langchange', renderStatic)
  setInterval(render, 30000) // elapsed times
  renderStatic()
}
