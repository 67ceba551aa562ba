// Hall board (1920×1080): the newest call large and flashing, recent calls, every window, waits per
// service, missed numbers, the notice; speaks each call once it is shown; reconnects by itself.
import { Announcer } from './announcer.js'
import { fetchHallDocument } from './api.js'
import { $, fill, h, restartAnimation, setText } from './dom.js'
import { callCaption, clockText, hallLabel, serviceLabel, waitText, windowLabel } from './format.js'
import { startHallFeed, showLiveStatus } from './hall-feed.js'
import { getLang, localName, t } from './i18n.js'
import { param } from './params.js'
import { bootPage } from './page.js'

/** A call older than this when it reaches the board (replayed after an outage) is shown, not spoken. */
const ANNOUNCE_MAX_AGE_MS = 120000
const CAPTION_HOLD_MS = 8000
const RECENT_SHOWN = 8
const MISSED_SHOWN = 14

const ctx = await bootPage({ page: 'board', needToken: true, loadDocument: true })
if (ctx) start(ctx)

function start({ api, token, doc: initialDoc }) {
  let doc = initialDoc
  let captionTimer = null
  const announcer = new Announcer({
    langs: (param('voice') ?? 'zh-CN').split(','),
    repeat: Number(param('repeat') ?? 2),
    speak: param('audio') !== 'bridge',
    onCaption: ({ number, window }) => {
      setText($('#caption'), callCaption(number, window))
      clearTimeout(captionTimer)
      captionTimer = setTimeout(() => setText($('#caption'), ''), CAPTION_HOLD_MS)
    },
    onBlocked: () => ($('#enable-sound').hidden = false),
  })
  $('#enable-sound').addEventListener('click', () => {
    announcer.unblock()
    $('#enable-sound').hidden = true
  })

  const feed = startHallFeed({
    api,
    token,
    refreshState: true,
    onChange: () => render(),
    onCall: (call, event) => {
      showNewest(call)
      const windowName = windowLabelZh(call.window)
      if (Date.now() - event.at < ANNOUNCE_MAX_AGE_MS) announcer.enqueue(call.number, windowName)
    },
    onConfigured: async () => {
      doc = await fetchHallDocument(api).catch(() => doc)
      renderStatic()
    },
    onStatus: (s, d) => showLiveStatus($('#live-status'), s, d),
  })
  const { model } = feed

  // The spoken text is Chinese whatever the screen language; English speech uses the English name.
  function windowLabelZh(id) {
    return doc?.windows?.find((w) => w.id === id)?.name ?? t('window.fallback', { id })
  }

  function showNewest(call) {
    setText($('#now-number'), call.number)
    setText($('#now-window'), t('board.goTo', { window: windowLabel(doc, call.window) }))
    restartAnimation($('#now-call'), 'flash')
  }

  function renderStatic() {
    setText($('#hall-name'), hallLabel(doc, api.hall))
    setText($('#hall-name-alt'), getLang() === 'en' ? (doc?.name ?? '') : (doc?.nameEn ?? ''))
    setText($('#notice'), doc?.notice ?? '')
    scrollIfLong($('#notice'))
    setText($('#clock'), clockText(new Date(), doc?.timezone))
  }

  function render() {
    const newest = model.lastCall
    setText($('#now-number'), newest ? newest.number : '')
    setText(
      $('#now-window'),
      newest ? t('board.goTo', { window: windowLabel(doc, newest.window) }) : t('board.noCalls'),
    )
    fill(
      $('#recent-list'),
      model.recent
        .filter((c) => c !== newest)
        .slice(0, RECENT_SHOWN)
        .map((c) =>
          h(
            'li',
            {},
            h('span', { class: 'num' }, c.number),
            h('span', { class: 'win-label' }, windowLabel(doc, c.window)),
          ),
        ),
    )
    const order = doc?.windows?.map((w) => w.id)
    const tiles = model.windowList(order)
    // Larger halls get smaller tiles rather than windows cut off the screen.
    $('#window-grid').dataset.density = tiles.length <= 10 ? 'normal' : tiles.length <= 16 ? 'compact' : 'dense'
    fill($('#window-grid'), tiles.map(windowTile))
    const services = doc?.services ?? [...model.services.values()]
    const columns = services.length <= 10 ? 2 : 3
    const per = Math.ceil(services.length / columns)
    const parts = Array.from({ length: columns }, (_, i) => services.slice(i * per, (i + 1) * per)).filter(
      (p) => p.length > 0,
    )
    $('#service-tables').dataset.columns = String(columns)
    fill($('#service-tables'), parts.map(serviceTable))
    const missed = [...model.missed.values()].reverse().slice(0, MISSED_SHOWN)
    setText($('#missed-list'), missed.length ? missed.map((m) => m.number).join(' ') : t('board.noneMissed'))
  }

  function windowTile(w) {
    const cfg = doc?.windows?.find((x) => x.id === w.id)
    const name = cfg ? localName(cfg) : t('window.fallback', { id: w.id })
    const state = t(`window.status.${w.status}`)
    const body = w.current
      ? h('div', { class: 'win-number' }, w.current.number)
      : h('div', { class: 'win-idle' }, w.status === 'open' ? t('board.waitingCall') : (w.reason ?? ''))
    return h(
      'li',
      { class: 'win', dataset: { status: w.status, window: w.id } },
      h('div', { class: 'win-name' }, name),
      body,
      h('span', { class: 'win-state' }, state),
    )
  }

  function serviceTable(services) {
    const head = h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['service', 'waiting', 'eta'].map((c) => h('th', { scope: 'col' }, t(`board.col.${c}`))),
      ),
    )
    const rows = services.map((s) => {
      const live = model.services.get(s.id)
      return h(
        'tr',
        { dataset: { service: s.id } },
        h('td', {}, serviceLabel(doc, s.id)),
        h('td', { class: 'count' }, t('board.people', { n: live?.waiting ?? 0 })),
        h('td', {}, waitText(live?.etaMinutes)),
      )
    })
    return h('table', { class: 'service-table' }, head, h('tbody', {}, rows))
  }

  // A notice longer than the line scrolls slowly (about 100 px/s) instead of being cut off.
  function scrollIfLong(el) {
    el.classList.remove('scroll')
    const overflow = el.scrollWidth - el.parentElement.clientWidth
    if (overflow <= 0) return
    el.style.setProperty('--scroll-distance', `-${el.scrollWidth}px`)
    el.style.setProperty('--scroll-duration', `${Math.round(el.scrollWidth / 100)}s`)
    el.classList.add('scroll')
  }

  document.addEventListener('langchange', () => {
    renderStatic()
    render()
  })
  setInterval(() => setText($('#clock'), clockText(new Date(), doc?.timezone)), 10000)
  renderStatic()
  render()
}
