// What every page does first: language, hall id, token, API client, the hall document, and a
// visible message (not a blank screen) when the address lacks something or the server refuses.
import { createApi, fetchHallDocument } from './api.js'
import { $ } from './dom.js'
import { applyI18n, initI18n, t, toggleLang } from './i18n.js'
import { param, pageToken } from './params.js'

/**
 * @param {object} o
 * @param {string} o.page             storage namespace, e.g. 'board'
 * @param {boolean} [o.needToken]     the page cannot work without a token in the address
 * @param {boolean} [o.loadDocument]  fetch GET /halls/{hall} (needs a token)
 */
export async function bootPage(o) {
  await initI18n()
  for (const btn of document.querySelectorAll('[data-action="toggle-lang"]'))
    btn.addEventListener('click', () => toggleLang())
  const hall = param('hall')
  if (!hall) return fatal(t('error.noHall'))
  const token = o.tokenKey === false ? null : pageToken(`qms.${o.page}.token`)
  if (o.needToken && !token) return fatal(t('error.noToken'))
  const api = createApi({ hall, token })
  let doc = null
  if (o.loadDocument) {
    try {
      doc = await fetchHallDocument(api)
    } catch (err) {
      if (o.documentOptional) doc = null
      else return fatal(err.message)
    }
  }
  return { hall, token, api, doc }
}

/** Replaces the page's main area with a message (role=alert); returns null so callers can stop. */
export function fatal(message) {
  const main = $('main') ?? document.body
  const box = document.createElement('div')
  box.className = 'fatal'
  box.setAttribute('role', 'alert')
  box.textContent = message
  main.replaceChildren(box)
  applyI18n(document)
  return null
}
