// Manager view: every window and service live, alarms, window open/pause/close, and which services
// a window serves (edits the hall document: GET, change the window's services, PUT).
import { ApiError, fetchHallDocument } from './api.js'
import { deriveAlarms, DEFAULT_LIMITS } from './alarms.js'
import { oldestText } from './clerk-support.js'
import { $, fill, h, setText } from './dom.js'
import { elapsedText, hallLabel, serviceLabel, waitText, windowLabel } from './format.js'
import { startHallFeed, showLiveStatus } from './hall-feed.js'
import { localName, t } from './i18n.js'
import { bootPage } from './page.js'
import { param } from './params.js'

const ctx = await bootPage({ page: 'manager', needToken: true, loadDocument: true })
if (ctx) start(ctx)

function start({ api, token, doc: initialDoc }) {
  let doc = initialDoc
  let busy = false
  let editing = null // window id whose services the dialog edits
  const limits = {
    pausedMinutes: Number(param('pauseAlarmMinutes') ?? DEFAULT_LIMITS.pausedMinutes),
    waitMinutes: Number(param('waitAlarmMinutes') ?? DEFAULT_LIMITS.waitMinutes),
  }

  const feed = startHallFeed({
    api,
    token,
    refreshState: true,
    onChange: render,
    onConfigured: async () => {
      doc = await fetchHallDocument(api).catch(() => doc)
      render()
    },
    onStatus: (s, d) => showLiveStatus($('#live-status'), s, d),
  })
  const { model } = feed

  async function perform(fn) {
    busy = true
    setText($('#manager-error'), '')
    render()
    try {
      setText($('#manager-message'), await fn())
    } catch (err) {
      setText($('#manager-message'), '')
      setText($('#manager-error'), err instanceof ApiError ? err.message : t('error.unexpected'))
    } finally {
      busy = false
      render()
    }
  }

  function setWindow(id, segment) {
    const reason = $('#pause-reason').value.trim()
    return perform(async () => {
      const res = await api.post(
        `/windows/${encodeURIComponent(id)}/${segment}`,
        segment === 'pause' && reason ? { reason } : {},
      )
      return t('manager.msg.window', { window: windowLabel(doc, id), status: t(`window.status.${res.window.status}`) })
    })
  }

  function render() {
    setText($('#hall-name'), hallLabel(doc, api.hall))
    const alarms = deriveAlarms(model, doc, limits)
    fill(
      $('#alarm-list'),
      alarms.length
        ? alarms.map((a) => h('li', { dataset: { level: a.level, key: a.key } }, a.text))
        : h('li', { class: 'none' }, t('manager.noAlarms')),
    )
    fill($('#window-rows'), model.windowList(doc.windows.map((w) => w.id)).map(windowRow))
    fill($('#service-rows'), doc.services.map(serviceRow))
  }

  function windowRow(w) {
    const cfg = doc.windows.find((x) => x.id === w.id)
    const name = windowLabel(doc, w.id)
    const btn = (segment, labelKey, enabled) =>
      h(
        'button',
        {
          type: 'button',
          class: 'btn small',
          disabled: busy || !enabled,
          'aria-label': `${t(labelKey)} ${name}`,
          onclick: () => setWindow(w.id, segment),
        },
        t(labelKey),
      )
    const actions = h(
      'div',
      { class: 'row-actions' },
      btn('open', 'clerk.a.open', w.status !== 'open'),
      btn('pause', 'clerk.a.pause', w.status === 'open'),
      btn('close', 'clerk.a.close', w.status !== 'closed' && !w.current),
      h(
        'button',
        {
          type: 'button',
          class: 'btn small',
          disabled: busy,
          'aria-label': t('manager.editServicesOf', { window: name }),
          onclick: () => openEditor(w.id),
        },
        t('manager.editServices'),
      ),
    )
    const status = h('span', { class: 'badge', dataset: { status: w.status } }, t(`window.status.${w.status}`))
    return h(
      'tr',
      { dataset: { window: w.id } },
      h('th', { scope: 'row' }, name),
      h('td', {}, status, w.reason ? ` ${w.reason}` : ''),
      h('td', {}, elapsedText(w.since)),
      h('td', { class: 'cur' }, w.current ? `${w.current.number} · ${t(`ticket.status.${w.current.status}`)}` : '—'),
      h('td', {}, (cfg?.services ?? []).map((id) => serviceLabel(doc, id)).join('、')),
      h('td', {}, actions),
    )
  }

  function serviceRow(s) {
    const live = model.services.get(s.id)
    const oldest = model.oldestWait(s.id)
    const long = oldest !== null && oldest >= limits.waitMinutes * 60000
    return h(
      'tr',
      { dataset: { service: s.id } },
      h('th', { scope: 'row' }, localName(s)),
      h('td', {}, t('ticket.people', { n: live?.waiting ?? 0 })),
      h('td', { class: long ? 'warn' : null }, oldestText(oldest)),
      h('td', {}, waitText(live?.etaMinutes)),
      h(
        'td',
        { class: live && live.waiting > 0 && live.openWindows === 0 ? 'warn' : null },
        String(live?.openWindows ?? '—'),
      ),
    )
  }

  function openEditor(windowId) {
    editing = windowId
    const cfg = doc.windows.find((w) => w.id === windowId)
    setText($('#dialog-title'), t('manager.editServicesOf', { window: windowLabel(doc, windowId) }))
    setText($('#dialog-error'), '')
    fill(
      $('#services-fieldset'),
      h('legend', { class: 'visually-hidden' }, t('manager.col.services')),
      doc.services.map((s) =>
        h(
          'label',
          {},
          h('input', { type: 'checkbox', name: 'service', value: s.id, checked: cfg.services.includes(s.id) }),
          localName(s),
        ),
      ),
    )
    $('#services-dialog').showModal()
  }

  async function saveServices(e) {
    e.preventDefault()
    const chosen = [...$('#services-fieldset').querySelectorAll('input:checked')].map((i) => i.value)
    if (chosen.length === 0) return setText($('#dialog-error'), t('manager.needOneService'))
    try {
      // Edit the newest document, so a change made meanwhile elsewhere is not overwritten.
      const fresh = await fetchHallDocument(api)
      const w = fresh.windows.find((x) => x.id === editing)
      if (!w) throw new ApiError(404, 'QMS_ERR_WINDOW_NOT_FOUND', t('window.unknown'))
      // Keep the policy order of services that stay; new ones go last, in document order.
      w.services = [
        ...w.services.filter((id) => chosen.includes(id)),
        ...chosen.filter((id) => !w.services.includes(id)),
      ]
      doc = await api.put('', fresh)
      $('#services-dialog').close()
      setText($('#manager-message'), t('manager.msg.saved', { window: windowLabel(doc, editing) }))
      render()
    } catch (err) {
      setText($('#dialog-error'), err instanceof ApiError ? err.message : t('error.unexpected'))
    }
  }

  $('#services-form').addEventListener('submit', saveServices)
  $('#dialog-cancel').addEventListener('click', () => $('#services-dialog').close())
  document.addEventListener('langchange', render)
  setInterval(render, 15000) // elapsed times and time-based alarms
  render()
}
