// 预约签到 on the kiosk: the booking code (scanned from the booking page's QR code, or typed) or
// the ID-card number → POST /appointments/check-in → the ticket, with the server's message. A late
// arrival gets a walk-in ticket: the message says so, marked as a warning. A second scan returns
// the same ticket, so a retry after a network failure is safe. Also a QR code to the booking page.
/* global URLSearchParams */
import { ApiError } from './api.js'
import { $, fill, setText } from './dom.js'
import { t } from './i18n.js'
import { entryField } from './kiosk-entry.js'
import { qrSvg } from './qr.js'

/**
 * @param {object} o
 * @param {object} o.api
 * @param {(screen: string) => void} o.show
 * @param {(textKey: string) => void} o.showBusy
 * @param {(ticket: object, note?: {text: string, late: boolean}) => void} o.showTicket
 * @param {(err: unknown, retry?: () => void) => void} o.showFailure
 */
export function checkInScreen(o) {
  const entry = entryField({ input: $('#checkin-input'), keypad: $('#checkin-keys'), onSubmit: submit })
  let bookingUrl = null // only where citizens can book online (GET /public says so)
  o.api
    .get('/public', { auth: false })
    .then((pub) => {
      if (!pub?.features?.booking) return
      const url = new URL('booking.html', location.href)
      url.search = new URLSearchParams({ hall: o.api.hall }).toString()
      bookingUrl = url.href
    })
    .catch(() => {}) // no QR code to the booking page, nothing else lost

  function setMode(mode) {
    entry.setMode(mode)
    for (const b of document.querySelectorAll('#checkin-modes [data-mode]'))
      b.setAttribute('aria-pressed', String(b.dataset.mode === mode))
    setText($('#checkin-label'), t(mode === 'code' ? 'kiosk.codeHint' : 'kiosk.idHint'))
    setText($('#checkin-error'), '')
  }

  function submit() {
    const value = entry.value()
    if (!value) return setText($('#checkin-error'), t(entry.mode === 'code' ? 'kiosk.needCode' : 'kiosk.needIdCard'))
    setText($('#checkin-error'), '')
    entry.clear() // an ID number stays on screen no longer than needed
    void send(entry.mode === 'code' ? { code: value } : { identity: { idCard: value } })
  }

  async function send(body) {
    o.showBusy('kiosk.checkingIn')
    try {
      const res = await o.api.post('/appointments/check-in', body)
      o.showTicket(res.ticket, { text: res.message, late: res.late === true })
    } catch (err) {
      const off = err instanceof ApiError && err.code === 'QMS_ERR_NOT_FOUND' // no appointment routes here
      o.showFailure(off ? new ApiError(404, err.code, t('kiosk.checkInOff')) : err, () => void send(body))
    }
  }

  for (const b of document.querySelectorAll('#checkin-modes [data-mode]'))
    b.addEventListener('click', () => {
      setMode(b.dataset.mode)
      entry.focus()
    })
  $('#checkin-submit').addEventListener('click', submit)

  return {
    /** Opens the screen in booking-code mode. */
    open() {
      setMode('code')
      $('#book-box').hidden = !bookingUrl
      if (bookingUrl) fill($('#book-qr'), qrSvg(bookingUrl, t('kiosk.bookQrLabel')))
      o.show('checkin')
      entry.focus()
    },
    /** Texts after a language switch. */
    relabel() {
      entry.render()
      setText($('#checkin-label'), t(entry.mode === 'code' ? 'kiosk.codeHint' : 'kiosk.idHint'))
    },
    clear: () => entry.clear(),
  }
}
