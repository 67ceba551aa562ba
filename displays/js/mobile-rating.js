/* global MutationObserver */
// Rating on the mobile ticket page (一次一评): once the ticket is done, and while the server says it
// can still be rated, the five grades (none preselected); the two bad ones ask for reasons from the
// hall's list and an optional comment. No token: the unguessable ticket id is the key. Watches the
// status mobile.js shows, so the two modules stay independent.
import { createApi } from './api.js'
import { $, fill, h, setText } from './dom.js'
import { localName, t } from './i18n.js'
import { param } from './params.js'

const GRADES = [5, 4, 3, 2, 1]
const hall = param('hall')
const ticket = param('ticket')
const api = hall && ticket ? createApi({ hall }) : null
const path = `/tickets/${encodeURIComponent(ticket ?? '')}/rating`
let state = null // GET …/rating answer
let grade = null
let asked = false

async function check() {
  if (!api || asked || $('#m-status')?.dataset.status !== 'done') return
  asked = true
  try {
    state = await api.get(path, { auth: false })
  } catch {
    asked = false // try again on the next change
    return
  }
  render()
}

function render() {
  const box = $('#m-rate')
  if (!state || (!state.canRate && !state.rated)) return void (box.hidden = true)
  box.hidden = false
  if (state.rated) {
    fill(box, h('p', { class: 'm-rate-done' }, t('mobile.rate.done', { grade: t(`evaluator.grade.${state.grade}`) })))
    return
  }
  const bad = grade !== null && grade <= 2
  fill(
    box,
    h('h2', {}, t('mobile.rate.title')),
    h(
      'div',
      { class: 'm-grades', role: 'group', 'aria-label': t('evaluator.gradesLabel') },
      GRADES.map((g) =>
        h(
          'button',
          { type: 'button', class: 'm-grade', 'aria-pressed': String(grade === g), onclick: () => choose(g) },
          t(`evaluator.grade.${g}`),
        ),
      ),
    ),
    bad
      ? h(
          'form',
          { class: 'm-reasons', onsubmit: onSubmit },
          h(
            'fieldset',
            {},
            h('legend', {}, t('mobile.rate.reasons')),
            state.reasons.map((r) =>
              h('label', {}, h('input', { type: 'checkbox', name: 'reason', value: r.id }), localName(r)),
            ),
          ),
          h('label', { for: 'm-comment' }, t('mobile.rate.comment')),
          h('textarea', { id: 'm-comment', maxlength: '300', rows: '2' }),
          h('button', { type: 'submit' }, t('mobile.rate.submit')),
        )
      : null,
    h('p', { id: 'm-rate-msg', role: 'status' }),
  )
}

function choose(g) {
  grade = g
  if (g >= 3) return void send({ grade: g })
  render()
}

function onSubmit(e) {
  e.preventDefault()
  const reasons = [...document.querySelectorAll('#m-rate input[name=reason]:checked')].map((i) => i.value)
  if (!reasons.length) return void setText($('#m-rate-msg'), t('mobile.rate.needReason'))
  const comment = $('#m-comment').value.trim()
  void send({ grade, reasons, ...(comment ? { comment } : {}) })
}

async function send(body) {
  try {
    await api.post(path, body, { auth: false })
    state = { ...state, rated: true, canRate: false, grade: body.grade }
    render()
    setText($('#m-rate'), t('mobile.rate.thanks'))
  } catch (err) {
    setText($('#m-rate-msg') ?? $('#m-rate'), err.message)
  }
}

const status = $('#m-status')
if (status)
  new MutationObserver(() => void check()).observe(status, { attributes: true, attributeFilter: ['data-status'] })
document.addEventListener('langchange', render)
void check()
