// Booking page (?hall=): pick a service, a date and a slot, give an ID-card or mobile number,
// get a booking code (and its QR code, which the kiosk scans to check in); look up or cancel a
// booking by its code. No token: the hall must allow public booking. The texts are zh-CN with
// English after them, written here (the page is self-contained, outside the shared locale files).
import { ApiError, createApi } from './api.js'
import { $, fill, h, setText } from './dom.js'
import { param } from './params.js'
import { qrSvg } from './qr.js'

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']
const STATUS = {
  booked: '已预约 Booked',
  cancelled: '已取消 Cancelled',
  checked_in: '已签到 Checked in',
  late: '迟到，已转现场取号 Late: walk-in ticket',
  no_show: '未到 Missed',
}

const hall = param('hall')
const api = hall ? createApi({ hall }) : null
const state = { service: null, date: null, slot: null }

function showError(err) {
  const el = $('#b-error')
  el.hidden = !err
  setText(el, err ? (err instanceof ApiError ? err.message : String(err)) : '')
}

function choice(label, pressed, onclick, disabled = false) {
  return h('button', { type: 'button', 'aria-pressed': String(pressed), disabled, onclick }, label)
}

function facts(el, a) {
  const rows = [
    ['业务 Service', a.service],
    ['日期 Date', a.date],
    ['时段 Time', `${a.slot.start}–${a.slot.end}`],
    ['签到 Check-in', `${a.checkIn.from.slice(11, 16)}–${a.checkIn.until.slice(11, 16)}`],
    ['预约人 Holder', a.holder],
    ['状态 Status', STATUS[a.status] ?? a.status],
  ]
  if (a.ticket) rows.push(['号码 Ticket', a.ticket.number])
  fill(
    el,
    rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
  )
}

async function loadSlots() {
  state.slot = null
  const box = $('#b-slots')
  if (!state.service || !state.date) return fill(box, h('p', {}, '请先选择业务和日期 Choose a service and a date'))
  const { slots } = await api.get(
    `/appointments/slots?service=${encodeURIComponent(state.service)}&date=${state.date}`,
    { auth: false },
  )
  if (slots.length === 0) return fill(box, h('p', {}, '当天不可预约 No bookings that day'))
  const render = () =>
    fill(
      box,
      slots.map((s) =>
        choice(
          `${s.start}–${s.end} · 余 ${s.available}`,
          state.slot === s.start,
          () => {
            state.slot = s.start
            render()
          },
          s.available === 0,
        ),
      ),
    )
  render()
}

async function start() {
  if (!api) return showError('地址缺少 hall 参数 The address lacks ?hall=')
  const options = await api.get('/appointments/options', { auth: false })
  setText($('#b-hall'), options.nameEn ? `${options.name} ${options.nameEn}` : options.name)
  const renderServices = () =>
    fill(
      $('#b-services'),
      options.services.map((s) =>
        choice(s.nameEn ? `${s.name} ${s.nameEn}` : s.name, state.service === s.id, () => {
          state.service = s.id
          renderServices()
          loadSlots().catch(showError)
        }),
      ),
    )
  const renderDates = () =>
    fill(
      $('#b-dates'),
      options.dates.map((d) =>
        choice(`${d.slice(5)} 周${WEEKDAYS[new Date(`${d}T00:00:00Z`).getUTCDay()]}`, state.date === d, () => {
          state.date = d
          renderDates()
          loadSlots().catch(showError)
        }),
      ),
    )
  renderServices()
  renderDates()
  await loadSlots()
}

$('#b-form').addEventListener('submit', async (e) => {
  e.preventDefault()
  showError(null)
  const idCard = $('#b-idcard').value.trim()
  const phone = $('#b-phone').value.trim()
  if (!state.slot) return showError('请选择时段 Choose a time')
  const identity = { ...(idCard && { idCard }), ...(phone && { phone }) }
  try {
    const a = await api.post(
      '/appointments',
      { service: state.service, date: state.date, slot: state.slot, identity },
      { auth: false },
    )
    $('#b-idcard').value = ''
    $('#b-phone').value = ''
    $('#b-result').hidden = false
    setText($('#b-code'), a.code)
    fill($('#b-qr'), qrSvg(a.code, `预约码 ${a.code}`))
    facts($('#b-facts'), a)
    await loadSlots()
  } catch (err) {
    showError(err)
  }
})

let found = null
$('#b-manage').addEventListener('submit', async (e) => {
  e.preventDefault()
  showError(null)
  try {
    found = await api.get(`/appointments/${encodeURIComponent($('#b-lookup').value.trim())}`, { auth: false })
    $('#b-found').hidden = false
    facts($('#b-found'), found)
    $('#b-cancel').hidden = found.status !== 'booked'
  } catch (err) {
    showError(err)
  }
})

$('#b-cancel').addEventListener('click', async () => {
  showError(null)
  try {
    found = await api.post(`/appointments/${encodeURIComponent(found.code)}/cancel`, {}, { auth: false })
    facts($('#b-found'), found)
    $('#b-cancel').hidden = true
    await loadSlots()
  } catch (err) {
    showError(err)
  }
})

start().catch(showError)
