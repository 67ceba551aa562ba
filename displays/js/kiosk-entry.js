// A text entry on the kiosk's touch screen (booking code or ID-card number) with its own keys:
// there is no keyboard. QR scanners and ID-card readers that type like a keyboard fill the same
// field (Enter submits), so the field keeps the focus and the keys give it back after each press.
import { fill, h } from './dom.js'
import { t } from './i18n.js'

export const MODES = {
  // Booking codes use 32 unambiguous characters (no 0/O, 1/I): src/appointments/booking-code.ts.
  code: { keys: [...'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'], length: 10, allowed: /[^A-HJ-NP-Z2-9]/g },
  idCard: { keys: [...'123456789X0'], length: 18, allowed: /[^0-9X]/g },
}

/**
 * @param {object} o
 * @param {HTMLInputElement} o.input
 * @param {HTMLElement} o.keypad     filled with the keys of the mode
 * @param {() => void} o.onSubmit    Enter in the field (a scanner ends with it)
 */
export function entryField({ input, keypad, onSubmit }) {
  let mode = 'code'
  const cleaned = (v) => v.toUpperCase().replace(MODES[mode].allowed, '').slice(0, MODES[mode].length)

  function put(value) {
    input.value = cleaned(value)
    input.focus()
  }

  function render() {
    const key = (label, onclick, attrs = {}) => h('button', { type: 'button', class: 'key', onclick, ...attrs }, label)
    fill(
      keypad,
      h(
        'div',
        { class: 'keys', dataset: { mode } },
        MODES[mode].keys.map((c) => key(c, () => put(input.value + c))),
      ),
      h(
        'div',
        { class: 'keys-edit' },
        key(t('kiosk.key.delete'), () => put(input.value.slice(0, -1)), { class: 'key wide' }),
        key(t('kiosk.key.clear'), () => put(''), { class: 'key wide' }),
      ),
    )
  }

  input.maxLength = 32 // room for separators a reader may type; cleaned to the mode's length
  input.addEventListener('input', () => {
    const v = cleaned(input.value)
    if (v !== input.value) input.value = v
  })
  input.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return
    e.preventDefault()
    onSubmit()
  })

  return {
    setMode(next) {
      mode = next
      input.value = ''
      render()
    },
    get mode() {
      return mode
    },
    /** The entry, or null (and nothing sent) while it is not complete. */
    value() {
      const v = cleaned(input.value)
      return v.length === MODES[mode].length ? v : null
    },
    clear() {
      input.value = ''
    },
    focus() {
      input.focus()
    },
    render,
  }
}
