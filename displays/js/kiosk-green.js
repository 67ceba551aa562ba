// The green channel's ID step, where the hall document has an age rule (`greenChannel`): the
// ID-card number first (a reader that types, or the screen's keys), then the service. The kiosk
// only passes the number on; the server decides who qualifies (403 QMS_ERR_NOT_ELIGIBLE otherwise).
import { $, setText } from './dom.js'
import { t } from './i18n.js'
import { entryField } from './kiosk-entry.js'

/**
 * @param {object} o
 * @param {(screen: string) => void} o.show
 * @param {(idCard: string) => void} o.onId  a complete number was entered
 */
export function greenIdStep({ show, onId }) {
  const entry = entryField({ input: $('#green-id-input'), keypad: $('#green-id-keys'), onSubmit: next })
  entry.setMode('idCard')

  function next() {
    const id = entry.value()
    if (!id) return setText($('#green-id-error'), t('kiosk.needIdCard'))
    setText($('#green-id-error'), '')
    entry.clear() // an ID number stays on screen no longer than needed
    onId(id)
  }
  $('#green-id-next').addEventListener('click', next)

  return {
    open() {
      entry.clear()
      setText($('#green-id-error'), '')
      show('green-id')
      entry.focus()
    },
    /** Who qualifies, on the home screen's entry and on this screen; the keys' texts. */
    render(doc) {
      const minAge = doc.greenChannel?.minAge
      const rule = doc.greenChannel ? t('kiosk.greenRule', { age: minAge ?? '—' }) : t('kiosk.greenWho')
      setText($('#green-who'), rule)
      setText($('#green-id-rule'), minAge ? rule : '')
      entry.render()
    },
    clear: () => entry.clear(),
  }
}
