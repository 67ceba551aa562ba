/* global Node */
// Charts for the report page, drawn as inline SVG built with DOM calls (no chart library, nothing
// from outside, nothing parsed as HTML): a heat map of waits by hour × service, a radar per window
// (efficiency, satisfaction, complaints, service level), and trend lines per day.
const NS = 'http://www.w3.org/2000/svg'

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag)
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) el.setAttribute(k, String(v))
  for (const c of children.flat())
    if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c)))
  return el
}

/** Light yellow → deep red, for 0 … 1. */
export function heatColour(x) {
  const v = Math.max(0, Math.min(1, x))
  const hue = 50 - 50 * v
  const light = 92 - 52 * v
  return `hsl(${hue.toFixed(0)}, 85%, ${light.toFixed(0)}%)`
}

/** cells: [{service, hour, meanWaitSec, called}]; label(service) gives the row name. */
export function heatMap(cells, label, { title }) {
  const services = [...new Set(cells.map((c) => c.service))]
  const hours = [...new Set(cells.map((c) => c.hour))].sort((a, b) => a - b)
  if (!services.length || !hours.length) return null
  const max = Math.max(60, ...cells.map((c) => c.meanWaitSec ?? 0))
  const cw = 46
  const ch = 28
  const left = 120
  const top = 24
  const width = left + hours.length * cw + 8
  const height = top + services.length * ch + 8
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': title })
  hours.forEach((hr, i) =>
    svg.append(
      s(
        'text',
        { x: left + i * cw + cw / 2, y: 16, 'text-anchor': 'middle', class: 'axis' },
        `${String(hr).padStart(2, '0')}时`,
      ),
    ),
  )
  services.forEach((svc, j) => {
    const y = top + j * ch
    svg.append(s('text', { x: left - 8, y: y + ch / 2 + 5, 'text-anchor': 'end', class: 'axis' }, label(svc)))
    hours.forEach((hr, i) => {
      const cell = cells.find((c) => c.service === svc && c.hour === hr)
      const wait = cell?.meanWaitSec ?? null
      const x = left + i * cw
      svg.append(
        s(
          'rect',
          { x, y, width: cw - 2, height: ch - 2, rx: 3, fill: wait === null ? '#f1f3f5' : heatColour(wait / max) },
          s(
            'title',
            {},
            `${label(svc)} ${hr}:00 — ${wait === null ? '–' : `${Math.round(wait / 60)} min`} (${cell?.called ?? 0})`,
          ),
        ),
      )
      if (wait !== null)
        svg.append(
          s(
            'text',
            {
              x: x + cw / 2 - 1,
              y: y + ch / 2 + 4,
              'text-anchor': 'middle',
              class: wait / max > 0.6 ? 'cell dark' : 'cell',
            },
            Math.round(wait / 60),
          ),
        )
    })
  })
  return svg
}

/** axes: [{label, value 0…1}] → one radar. */
export function radar(axes, { title, size = 220 }) {
  const c = size / 2
  const r = size / 2 - 42
  const svg = s('svg', {
    viewBox: `0 0 ${size} ${size + 18}`,
    width: size,
    height: size + 18,
    role: 'img',
    'aria-label': title,
  })
  const point = (i, v) => {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / axes.length
    return [c + Math.cos(a) * r * v, c + 8 + Math.sin(a) * r * v]
  }
  for (const ring of [0.25, 0.5, 0.75, 1])
    svg.append(
      s('polygon', { points: axes.map((_, i) => point(i, ring).join(',')).join(' '), fill: 'none', stroke: '#ced4da' }),
    )
  axes.forEach((ax, i) => {
    const [x, y] = point(i, 1)
    svg.append(s('line', { x1: c, y1: c + 8, x2: x, y2: y, stroke: '#ced4da' }))
    const [lx, ly] = point(i, 1.22)
    svg.append(s('text', { x: lx, y: ly + 4, 'text-anchor': 'middle', class: 'axis' }, ax.label))
  })
  svg.append(
    s('polygon', {
      points: axes.map((ax, i) => point(i, Math.max(0, Math.min(1, ax.value ?? 0))).join(',')).join(' '),
      fill: 'rgba(25, 113, 194, 0.25)',
      stroke: '#1971c2',
      'stroke-width': 2,
    }),
  )
  svg.append(s('text', { x: c, y: size + 14, 'text-anchor': 'middle', class: 'title' }, title))
  return svg
}

/** series: [{label, colour, values: [number|null]}] over `dates`; each series scaled to its own max. */
export function trendLines(dates, series, { title, width = 900, height = 240 }) {
  if (dates.length < 2) return null
  const left = 48
  const bottom = 36
  const top = 16
  const plotW = width - left - 16
  const plotH = height - top - bottom
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': title })
  const x = (i) => left + (plotW * i) / (dates.length - 1)
  svg.append(s('line', { x1: left, y1: top + plotH, x2: left + plotW, y2: top + plotH, stroke: '#868e96' }))
  const step = Math.max(1, Math.ceil(dates.length / 10))
  dates.forEach((d, i) => {
    if (i % step === 0)
      svg.append(s('text', { x: x(i), y: height - 14, 'text-anchor': 'middle', class: 'axis' }, d.slice(5)))
  })
  series.forEach((ser, k) => {
    const max = Math.max(1e-9, ...ser.values.filter((v) => v !== null))
    const pts = ser.values.map((v, i) =>
      v === null ? null : `${x(i).toFixed(1)},${(top + plotH - (plotH * v) / max).toFixed(1)}`,
    )
    const runs = []
    let run = []
    for (const p of pts) {
      if (p === null) {
        if (run.length) runs.push(run)
        run = []
      } else run.push(p)
    }
    if (run.length) runs.push(run)
    for (const r of runs)
      svg.append(s('polyline', { points: r.join(' '), fill: 'none', stroke: ser.colour, 'stroke-width': 2 }))
    svg.append(s('rect', { x: left + k * 170, y: 0, width: 12, height: 12, fill: ser.colour }))
    svg.append(
      s('text', { x: left + k * 170 + 16, y: 11, class: 'axis' }, `${ser.label} (max ${Math.round(max * 100) / 100})`),
    )
  })
  return svg
}
