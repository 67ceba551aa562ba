// `/`: the list of pages, each linked with the parameters of this address (so
// `/?hall=demo&token=…` leads to every page of that hall).
import { fill, h } from './dom.js'
import { initI18n, t, toggleLang } from './i18n.js'

export const PAGES = [
  { file: 'board.html', params: 'hall, token' },
  { file: 'window.html', params: 'hall, window, token' },
  { file: 'kiosk.html', params: 'hall, token' },
  { file: 'clerk.html', params: 'hall, window?, token?' },
  { file: 'manager.html', params: 'hall, token' },
  { file: 'mobile.html', params: 'hall, ticket' },
  { file: 'evaluator.html', params: 'hall, window, token' },
  { file: 'booking.html', params: 'hall' },
]

await initI18n()
document.querySelector('[data-action="toggle-lang"]').addEventListener('click', () => toggleLang())

function render() {
  fill(
    document.getElementById('pages'),
    PAGES.map((p) => {
      const name = p.file.replace('.html', '')
      return h(
        'li',
        {},
        h(
          'a',
          { href: `${p.file}${location.search}` },
          t(`index.page.${name}`),
          h('span', { class: 'what' }, t(`index.what.${name}`)),
          h('span', { class: 'params' }, p.params),
        ),
      )
    }),
  )
}

document.addEventListener('langchange', render)
render()
