// Window display (?hall=&window=&token=): the window's name and its current ticket, flashing on a call.
import { fetchHallDocument } from './api.js'
import { $, restartAnimation, setText } from './dom.js'
import { windowLabel } from './format.js'
import { startHallFeed, showLiveStatus } from './hall-feed.js'
import { t } from './i18n.js'
import { bootPage, fatal } from './page.js'
import { param } from './params.js'

const ctx = await bootPage({ page: 'window', needToken: true, loadDocument: true })
const windowId = param('window')
if (ctx && !windowId) fatal(t('error.noWindow'))
else if (ctx) start(ctx)

function start({ api, token, doc: initialDoc }) {
  let doc = initialDoc
  const feed = startHallFeed({
    api,
    token,
    refreshState: false,
    onChange: render,
    onCall: (call) => {
      if (call.window === windowId) restartAnimation($('#wd-call'), 'flash')
    },
    onConfigured: async () => {
      doc = await fetchHallDocument(api).catch(() => doc)
    },
    onStatus: (s, d) => showLiveStatus($('#live-status'), s, d),
  })

  function render() {
    setText($('#window-name'), windowLabel(doc, windowId))
    const w = feed.model.windows.get(windowId)
    const state = $('#wd-state')
    state.dataset.status = w?.status ?? 'closed'
    if (!w) {
      setText(state, t('window.unknown'))
      return
    }
    const current = w.current
    setText($('#wd-prompt'), current ? (current.status === 'serving' ? t('window.serving') : t('window.please')) : '')
    setText($('#wd-number'), current ? current.number : '')
    const stateText =
      w.status === 'open'
        ? current
          ? current.status === 'called'
            ? t('window.comeHere')
            : ''
          : t('window.status.idle')
        : t(`window.status.${w.status}`) + (w.reason ? ` · ${w.reason}` : '')
    setText(state, stateText)
  }

  document.addEventListener('langchange', render)
  render()
}
