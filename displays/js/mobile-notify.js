// The mobile page's "notify me" form: a message (SMS/WeChat through the hall's gateway) when N
// people or fewer are ahead and when called: POST /tickets/{id}/notify {to, ahead}. Offered only
// when the server has the route (GET /public features.notify); a 404 for the route hides it too.
// What was asked is remembered per ticket in this browser, so a reload shows it instead of the form.
import { ApiError } from './api.js'
import { $, fill, h, setText } from './dom.js'
import { t } from './i18n.js'

const AHEAD_CHOICES = [1, 2, 3, 5, 10]
const DEFAULT_AHEAD = 3

export function notifyForm({ api, ticketId, offered }) {
  const key = `qms.mobile.notify.${api.hall}.${ticketId}`
  const remembered = () => {
    try {
      return JSON.parse(localStorage.getItem(key) ?? 'null')
    } catch {
      return null
    }
  }
  let available = offered
  let done = remembered() // {to (masked), ahead}

  fill(
    $('#m-notify-ahead'),
    AHEAD_CHOICES.map((n) => h('option', { value: n, selected: n === DEFAULT_AHEAD }, t('ticket.people', { n }))),
  )

  function render(ticket) {
    const waiting = ticket?.status === 'waiting'
    $('#m-notify').hidden = !available || !(waiting || done)
    $('#m-notify-fields').hidden = Boolean(done)
    if (done) setText($('#m-notify-msg'), t('mobile.notifyDone', { n: done.ahead, to: done.to }))
  }

  $('#m-notify').addEventListener('submit', async (e) => {
    e.preventDefault()
    const to = $('#m-notify-to').value.trim()
    const ahead = Number($('#m-notify-ahead').value)
    if (!to) return
    try {
      const res = await api.post(`/tickets/${encodeURIComponent(ticketId)}/notify`, { to, ahead }, { auth: false })
      done = { to: res.to, ahead: res.ahead }
      $('#m-notify-to').value = ''
      try {
        localStorage.setItem(key, JSON.stringify(done))
      } catch {
        /* storage disabled: the confirmation lasts for this page */
      }
    } catch (err) {
      if (err instanceof ApiError && err.code === 'QMS_ERR_NOT_FOUND') {
        available = false // no gateway on this server: the route does not exist
        return
      }
      setText($('#m-notify-msg'), err instanceof ApiError ? err.message : t('error.unexpected'))
    } finally {
      render({ status: 'waiting' })
    }
  })

  return { render }
}
