// Tablet evaluator (?hall=&window=&token=): when a ticket is completed at this window (a
// `ticket.done` event), it asks for one of five grades, with reasons for the two bad ones. Nothing
// is preselected and nothing is forced: "不评价" and a quiet time-out both leave without a rating.
// Ratings go to POST …/tickets/{id}/rating; until that route exists the server answers 404 and the
// page says so (docs/displays.md).
import { ApiError, fetchHallDocument } from './api.js'
import { $, fill, h, setText } from './dom.js'
import { windowLabel } from './format.js'
import { startHallFeed } from './hall-feed.js'
import { t } from './i18n.js'
import { bootPage, fatal } from './page.js'
import { param } from './params.js'

/** 5 = 非常满意 … 1 = 非常不满意 (the grade sent to the server). */
export const GRADES = [5, 4, 3, 2, 1]
const REASONS = ['attitude', 'waiting', 'skill', 'guidance', 'materials', 'other']
const ABANDON_MS = 90000 // nobody touched the screen: leave without a rating
const RESULT_MS = 5000

const ctx = await bootPage({ page: 'evaluator', needToken: true, loadDocument: true, documentOptional: true })
const windowId = param('window')
if (ctx && !windowId) fatal(t('error.noWindow'))
else if (ctx) start(ctx)

function start({ api, token, doc: initialDoc }) {
  let doc = initialDoc
  let ticket = null // {id, number} being rated
  let grade = null
  let timer = null

  startHallFeed({
    api,
    token,
    refreshState: false,
    onChange: (why, event) => {
      if (why === 'event' && event.type === 'ticket.done' && event.window === windowId && event.ticket)
        ask({ id: event.ticket, number: event.number })
    },
    onConfigured: async () => {
      doc = await fetchHallDocument(api).catch(() => doc)
      renderStatic()
    },
  })

  function show(id) {
    for (const s of ['ev-idle', 'ev-rate', 'ev-result']) $(`#${s}`).hidden = s !== id
  }

  function later(fn, ms) {
    clearTimeout(timer)
    timer = setTimeout(fn, ms)
  }

  function idle() {
    ticket = null
    grade = null
    show('ev-idle')
  }

  function ask(t0) {
    ticket = t0
    grade = null
    renderRate()
    show('ev-rate')
    later(idle, ABANDON_MS)
  }

  function renderStatic() {
    setText($('#ev-window'), windowLabel(doc, windowId))
    fill(
      $('#ev-reason-list'),
      REASONS.map((r) =>
        h('label', {}, h('input', { type: 'checkbox', name: 'reason', value: r }), t(`evaluator.reason.${r}`)),
      ),
    )
    if (ticket) renderRate()
  }

  function renderRate() {
    setText($('#ev-question'), t('evaluator.question', { number: ticket.number }))
    fill(
      $('#ev-grades'),
      GRADES.map((g) =>
        h(
          'button',
          {
            type: 'button',
            class: 'ev-grade',
            'aria-pressed': String(grade === g),
            dataset: { grade: String(g) },
            onclick: () => choose(g),
          },
          t(`evaluator.grade.${g}`),
        ),
      ),
    )
    $('#ev-reasons').hidden = !(grade !== null && grade <= 2)
  }

  function choose(g) {
    grade = g
    later(idle, ABANDON_MS)
    if (g >= 3) return void submit({ grade: g })
    renderRate() // the two bad grades ask why before sending
    $('#ev-reasons').reset()
  }

  async function submit(body) {
    const rated = ticket
    try {
      await api.post(`/tickets/${encodeURIComponent(rated.id)}/rating`, body)
      result(t('evaluator.thanks'))
    } catch (err) {
      if (err instanceof ApiError && err.status === 404 && err.code !== 'QMS_ERR_TICKET_NOT_FOUND')
        result(t('evaluator.unavailable'))
      else result(err instanceof ApiError ? err.message : t('error.unexpected'))
    }
  }

  function result(text) {
    setText($('#ev-result-text'), text)
    show('ev-result')
    later(idle, RESULT_MS)
  }

  $('#ev-reasons').addEventListener('submit', (e) => {
    e.preventDefault()
    const reasons = [...$('#ev-reason-list').querySelectorAll('input:checked')].map((i) => i.value)
    const comment = $('#ev-comment').value.trim()
    void submit({ grade, ...(reasons.length ? { reasons } : {}), ...(comment ? { comment } : {}) })
  })
  $('#ev-skip').addEventListener('click', () => {
    clearTimeout(timer)
    idle()
  })
  document.addEventListener('pointerdown', () => ticket && later(idle, ABANDON_MS), { passive: true })
  document.addEventListener('langchange', renderStatic)
  renderStatic()
  idle()
}
