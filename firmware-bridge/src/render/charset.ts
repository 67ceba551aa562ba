// Device character sets. LED modules and keypads usually hold a GB2312 (or GBK) font; text is
// sent in that encoding. A character the set lacks is replaced by REPLACEMENT before encoding,
// so the device never shows the garbage a blind encode would produce.
import iconv from 'iconv-lite'

export type Charset = 'GB2312' | 'GBK' | 'UTF-8'
export const REPLACEMENT = '?'

const isControl = (cp: number): boolean => cp < 0x20 || (cp >= 0x7f && cp < 0xa0)

/** GB2312 is the EUC-CN subset of GBK: one ASCII byte, or two bytes both in 0xA1..0xFE (lead ≤ 0xF7). */
function inGb2312(bytes: Buffer): boolean {
  if (bytes.length === 1) return bytes[0]! < 0x80
  return bytes.length === 2 && bytes[0]! >= 0xa1 && bytes[0]! <= 0xf7 && bytes[1]! >= 0xa1 && bytes[1]! <= 0xfe
}

/** True when `ch` (one code point) can be shown by a device using `charset`. */
export function encodable(ch: string, charset: Charset): boolean {
  const cp = ch.codePointAt(0)!
  if (isControl(cp)) return false
  if (cp < 0x80) return true
  // Device fonts for UTF-8 panels cover the Basic Multilingual Plane at most.
  if (charset === 'UTF-8') return cp <= 0xffff && !(cp >= 0xd800 && cp <= 0xdfff)
  const bytes = iconv.encode(ch, 'gbk')
  // iconv-lite writes '?' for what GBK lacks.
  if (bytes.length === 1 && bytes[0] === 0x3f) return false
  return charset === 'GBK' ? bytes.length <= 2 : inGb2312(bytes)
}

/** Replaces every character the charset lacks; `replaced` counts them (for logs). */
export function toCharset(text: string, charset: Charset): { text: string; replaced: number } {
  let out = ''
  let replaced = 0
  for (const ch of text) {
    if (encodable(ch, charset)) out += ch
    else {
      out += REPLACEMENT
      replaced += 1
    }
  }
  return { text: out, replaced }
}

/** Bytes in the device's encoding. Call on text that went through toCharset. */
export function encode(text: string, charset: Charset): Buffer {
  return charset === 'UTF-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, 'gbk')
}

const WIDE_RANGES: readonly [number, number][] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
]

/** Columns a character takes on a matrix display: CJK and full-width forms take two. */
export function charWidth(ch: string, charset: Charset): number {
  const cp = ch.codePointAt(0)!
  if (cp < 0x80) return 1
  // On GB fonts every double-byte character is a 16-dot (two-column) glyph.
  if (charset !== 'UTF-8') return encode(ch, charset).length
  return WIDE_RANGES.some(([a, b]) => cp >= a && cp <= b) ? 2 : 1
}

export const textWidth = (text: string, charset: Charset): number => {
  let w = 0
  for (const ch of text) w += charWidth(ch, charset)
  return w
}

/** The longest prefix of `text` that fits in `cols` columns (never splits a double-width character). */
export function truncateToWidth(text: string, cols: number, charset: Charset): string {
  let out = ''
  let w = 0
  for (const ch of text) {
    const cw = charWidth(ch, charset)
    if (w + cw > cols) break
    out += ch
    w += cw
  }
  return out
}
