/* global Blob */
// Report page (?hall=&token= or ?unit=&token=, manager token): a day or a range of business dates,
// the figures, overdue follow-up cases, charts (reports-charts.js) and CSV exports. Print it for
// the daily report (print CSS). Numbers come from GET …/report; see docs/reports.md.
import { $, fill, h, setText } from './dom.js'
import { applyI18n, getLang, initI18n, t, toggleLang } from './i18n.js'
import { param, pageToken } from './params.js'
import { fetchPrepared } from './report-retry.js'
import { heatMap, radar, trendLines } from './reports-charts.js'

const hall = param('hall')
const unit = param('unit')
const token = pageToken('qms.reports.token')
const base = unit ? `/api/v1/org-units/${encodeURIComponent(unit)}` : `/api/v1/halls/${encodeURIComponent(hall ?? '')}`

const pct = (x) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`)
const mins = (sec) => (sec === null || sec === undefined ? '–' : (sec / 60).toFixed(1))
const num = (x) => (x === null || x === undefined ? '–' : String(x))
const MAX_CASES = 12
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)

const generations = new Map() // per path: a newer load (or download) cancels the waiting of an older one

/** GET from the API; a report whose statistics are being built shows the progress and is asked
 *  again until it comes (null when a newer request replaced this one). */
async function get(path, asText = false) {
  const what = path.split('?')[0]
  const mine = (generations.get(what) ?? 0) + 1
  generations.set(what, mine)
  const res = await fetchPrepared(
    fetch,
    base + path,
    { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' },
    {
      isCancelled: () => mine !== generations.get(what),
      onPreparing: ({ built, missing }) =>
        setText($('#status'), t('reports.preparing', { built, total: built + missing })),
    },
  )
  if (res === null) return null
  if (!res.ok) {
    const body = await res.json().catch(() => null)
    throw new Error(body?.message ?? t('error.http', { status: res.status }))
  }
  return asText ? res.text() : res.json()
}

function name(report, kind, key) {
  const n = report.names
  if (kind === 'service') return n.services[key.service] ?? key.service
  if (kind === 'window')
    return `${unit ? `${n.halls[key.hall] ?? key.hall} ` : ''}${n.windows[`${key.hall}/${key.window}`] ?? (key.window || t('reports.noWindow'))}`
  if (kind === 'clerk') return key.clerk ? (n.clerks[key.clerk] ?? key.clerk) : t('reports.unknownClerk')
  if (kind === 'hour') return `${String(key.hour).padStart(2, '0')}:00`
  if (kind === 'hall') return n.halls[key.hall] ?? key.hall
  return key.date
}

function kpis(r) {
  const x = r.totals
  const items = [
    [t('reports.k.issued'), num(x.issued)],
    [t('reports.k.served'), num(x.served)],
    [t('reports.k.noShow'), num(x.noShow)],
    [t('reports.k.cancelled'), num(x.cancelled)],
    [t('reports.k.meanWait'), mins(x.meanWaitSec)],
    [t('reports.k.p90Wait'), mins(x.p90WaitSec)],
    [t('reports.k.meanHandle'), mins(x.meanHandleSec)],
    [t('reports.k.serviceLevel'), pct(x.serviceLevel)],
    [t('reports.k.satisfaction'), pct(x.satisfaction)],
    [t('reports.k.bad'), num(x.bad)],
    [t('reports.k.onTime'), pct(x.closureOnTimeRate)],
    [t('reports.k.overdue'), num(x.casesOverdue)],
    [t('reports.k.idle'), x.idleSec === null ? '–' : (x.idleSec / 3600).toFixed(1)],
    [t('reports.k.eta'), mins(x.etaMaeSec)],
  ]
  fill(
    $('#kpis'),
    items.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v))),
  )
}

const COLUMNS = [
  ['reports.k.issued', (x) => num(x.issued)],
  ['reports.k.served', (x) => num(x.served)],
  ['reports.k.noShow', (x) => num(x.noShow)],
  ['reports.k.meanWait', (x) => mins(x.meanWaitSec)],
  ['reports.k.p90Wait', (x) => mins(x.p90WaitSec)],
  ['reports.k.meanHandle', (x) => mins(x.meanHandleSec)],
  ['reports.k.serviceLevel', (x) => pct(x.serviceLevel)],
  ['reports.k.satisfaction', (x) => pct(x.satisfaction)],
  ['reports.k.bad', (x) => num(x.bad)],
  ['reports.k.onTime', (x) => pct(x.closureOnTimeRate)],
]

function table(r, kind, rows, heading) {
  return h(
    'section',
    { class: 'detail' },
    h('h3', {}, heading),
    h(
      'table',
      { class: 'data-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, heading),
          COLUMNS.map(([k]) => h('th', { scope: 'col' }, t(k))),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((x) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, name(r, kind, x.key)),
            COLUMNS.map(([, f]) => h('td', {}, f(x))),
          ),
        ),
      ),
    ),
  )
}

function charts(r) {
  const cells = r.byServiceHour.map((x) => ({
    service: x.key.service,
    hour: x.key.hour,
    meanWaitSec: x.meanWaitSec,
    called: x.called,
  }))
  fill(
    $('#heat'),
    heatMap(cells, (svc) => r.names.services[svc] ?? svc, { title: t('reports.heat') }) ?? t('reports.noData'),
  )
  const windows = r.byWindow.filter((x) => x.key.window)
  const bestRate = Math.max(1e-9, ...windows.map((x) => x.servedPerOpenHour ?? 0))
  const worstBad = Math.max(1, ...windows.map((x) => x.bad))
  fill(
    $('#radar'),
    windows.map((x) =>
      radar(
        [
          { label: t('reports.axis.efficiency'), value: (x.servedPerOpenHour ?? 0) / bestRate },
          { label: t('reports.axis.utilisation'), value: x.utilisation ?? 0 },
          { label: t('reports.axis.satisfaction'), value: x.satisfaction ?? 0 },
          { label: t('reports.axis.complaints'), value: 1 - x.bad / worstBad },
          { label: t('reports.axis.serviceLevel'), value: x.serviceLevel ?? 0 },
        ],
        { title: name(r, 'window', x.key) },
      ),
    ),
  )
  const multi = r.byDate.length > 1
  $('#trend-card').hidden = !multi
  $('#heat').closest('section').classList.toggle('wide', !multi) // the heat map takes the row alone
  if (multi)
    fill(
      $('#trend'),
      trendLines(
        r.byDate.map((x) => x.key.date),
        [
          { label: t('reports.k.issued'), colour: '#1971c2', values: r.byDate.map((x) => x.issued) },
          { label: t('reports.k.meanWait'), colour: '#e8590c', values: r.byDate.map((x) => x.meanWaitSec) },
          { label: t('reports.k.satisfaction'), colour: '#2f9e44', values: r.byDate.map((x) => x.satisfaction) },
          { label: t('reports.k.bad'), colour: '#c92a2a', values: r.byDate.map((x) => x.bad) },
        ],
        { title: t('reports.trend') },
      ),
    )
}

async function load() {
  const from = $('#from').value
  const to = $('#to').value || from
  setText($('#status'), t('reports.loading'))
  try {
    const r = await get(`/report?from=${from}&to=${to}`)
    if (r === null) return // a newer load took over
    setText($('#scope-name'), unit ? `${unit} (${r.halls.length})` : (r.names.halls[hall] ?? hall))
    setText($('#period'), from === to ? t('reports.day', { date: from }) : t('reports.range', { from, to }))
    kpis(r)
    charts(r)
    fill($('#tables'), [
      r.halls.length > 1 ? table(r, 'hall', r.byHall, t('reports.by.hall')) : null,
      table(r, 'service', r.byService, t('reports.by.service')),
      table(r, 'window', r.byWindow, t('reports.by.window')),
      table(r, 'clerk', r.byClerk, t('reports.by.clerk')),
      table(r, 'hour', r.byHour, t('reports.by.hour')),
      r.byDate.length > 1 ? table(r, 'date', r.byDate, t('reports.by.date')) : null,
    ])
    const cases = await get('/cases?overdue=true')
    const shown = cases.items.slice(0, MAX_CASES)
    fill(
      $('#overdue'),
      shown.length
        ? shown.map((c) =>
            h(
              'li',
              {},
              t('reports.caseLine', {
                number: c.number,
                due: c.dueDate,
                grade: t(`evaluator.grade.${c.grade}`),
                status: t(`reports.status.${c.status}`),
              }),
            ),
          )
        : [h('li', { class: 'ok' }, t('reports.noOverdue'))],
      cases.items.length > MAX_CASES ? h('li', {}, t('reports.more', { n: cases.items.length - MAX_CASES })) : null,
    )
    setText($('#status'), '')
  } catch (err) {
    setText($('#status'), err.message)
  }
}

async function downloadCsv() {
  const from = $('#from').value
  const to = $('#to').value || from
  const by = $('#csv-by').value
  try {
    const text = await get(`/report.csv?from=${from}&to=${to}&by=${by}`, true)
    if (text === null) return
    const a = h('a', {
      href: URL.createObjectURL(new Blob([text], { type: 'text/csv' })),
      download: `report-${by}-${from}_${to}.csv`,
    })
    document.body.append(a)
    a.click()
    a.remove()
  } catch (err) {
    setText($('#status'), err.message)
  }
}

async function boot() {
  await initI18n()
  for (const btn of document.querySelectorAll('[data-action="toggle-lang"]'))
    btn.addEventListener('click', () => toggleLang())
  if (!hall && !unit) return void setText($('#status'), t('error.noHall'))
  if (!token) return void setText($('#status'), t('error.noToken'))
  $('#from').value = param('from') ?? param('date') ?? today()
  $('#to').value = param('to') ?? $('#from').value
  $('#range-form').addEventListener('submit', (e) => {
    e.preventDefault()
    void load()
  })
  $('#print').addEventListener('click', () => window.print())
  $('#csv').addEventListener('click', () => void downloadCsv())
  document.addEventListener('langchange', () => {
    applyI18n(document)
    void load()
  })
  document.documentElement.lang = getLang()
  await load()
}

void boot()
