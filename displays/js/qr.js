// QR codes drawn locally as SVG (qrcode-generator, MIT, served by the core at /vendor/): the
// kiosk's ticket links to the mobile ticket page without any outside service.
import qrcode from '/vendor/qrcode-generator.mjs'

const SVG_NS = 'http://www.w3.org/2000/svg'

/** The module matrix for `text` (rows of booleans), error correction M. */
export function qrMatrix(text) {
  const qr = qrcode(0, 'M')
  qr.addData(text)
  qr.make()
  const n = qr.getModuleCount()
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => qr.isDark(r, c)))
}

/** An <svg role="img"> of the QR code, with a quiet zone of `margin` modules. */
export function qrSvg(text, label, margin = 4) {
  const m = qrMatrix(text)
  const size = m.length + margin * 2
  let d = ''
  m.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (dark) d += `M${c + margin} ${r + margin}h1v1h-1z`
    }),
  )
  const svg = document.createElementNS(SVG_NS, 'svg')
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`)
  svg.setAttribute('shape-rendering', 'crispEdges')
  svg.setAttribute('role', 'img')
  svg.setAttribute('aria-label', label)
  svg.dataset.text = text
  const bg = document.createElementNS(SVG_NS, 'rect')
  bg.setAttribute('width', String(size))
  bg.setAttribute('height', String(size))
  bg.setAttribute('fill', '#ffffff')
  const path = document.createElementNS(SVG_NS, 'path')
  path.setAttribute('d', d)
  path.setAttribute('fill', '#000000')
  svg.append(bg, path)
  return svg
}
