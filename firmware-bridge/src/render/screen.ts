// Fitting text to a small character display: rows × cols (cols in half-width columns) in the
// device's charset. A layout is a list of candidate line sets, best first: the first candidate
// whose lines all fit is used; if none does, the last one is cut to fit.
import { encode, textWidth, toCharset, truncateToWidth, type Charset } from './charset.ts'

export interface ScreenSize {
  cols: number
  rows: number
  charset: Charset
}

export interface FittedScreen {
  lines: string[] // exactly `rows` lines, each within `cols` columns, only characters of the charset
  replaced: number // characters the charset lacked
  truncated: boolean
}

export function fitScreen(candidates: string[][], size: ScreenSize): FittedScreen {
  const cleaned = candidates.map((lines) => {
    let replaced = 0
    const out = lines.map((l) => {
      const r = toCharset(l, size.charset)
      replaced += r.replaced
      return r.text
    })
    return { lines: out, replaced }
  })
  const fits = (c: { lines: string[] }): boolean =>
    c.lines.length <= size.rows && c.lines.every((l) => textWidth(l, size.charset) <= size.cols)
  const chosen = cleaned.find(fits)
  const base = chosen ?? cleaned[cleaned.length - 1] ?? { lines: [], replaced: 0 }
  const lines = base.lines.slice(0, size.rows).map((l) => truncateToWidth(l, size.cols, size.charset))
  while (lines.length < size.rows) lines.push('')
  return { lines, replaced: base.replaced, truncated: chosen === undefined }
}

/** Lines in the device encoding, base64 (what an MCU copies straight into its frame buffer). */
export const encodedLines = (lines: string[], charset: Charset): string[] =>
  lines.map((l) => encode(l, charset).toString('base64'))
