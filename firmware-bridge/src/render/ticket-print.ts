// A ticket print job: what goes on the paper (for ESC/POS printers the bridge drives) and the
// compact command a network printer MCU receives (cmd/print, < 256 bytes).
import type { Json } from '../protocol/envelope.ts'
import { textWidth, toCharset, type Charset } from './charset.ts'

export interface TicketPrintInput {
  hallName: string
  serviceName: string
  number: string
  ahead: number
  etaSec: number
  issuedAt: string // hall-local "YYYY-MM-DD HH:MM"
  url: string // the mobile ticket page (QR code)
  notice: string | null
}

export interface PrintLine {
  text: string
  align: 'left' | 'center'
  size: 1 | 2 | 3 // text magnification (number is printed large)
  bold: boolean
}

export interface PrintJob {
  lines: PrintLine[] // above the QR code
  qr: string
  footer: PrintLine[] // below the QR code
}

/** Wraps text to `width` columns of the printer font (CJK characters take two). */
export function wrap(text: string, width: number, charset: Charset): string[] {
  const out: string[] = []
  let line = ''
  for (const ch of text) {
    if (textWidth(line + ch, charset) > width) {
      out.push(line)
      line = ''
    }
    line += ch
  }
  if (line) out.push(line)
  return out
}

export function ticketPrintJob(t: TicketPrintInput, width: number, charset: Charset): PrintJob {
  const clean = (s: string): string => toCharset(s, charset).text
  const line = (
    text: string,
    size: PrintLine['size'] = 1,
    bold = false,
    align: PrintLine['align'] = 'center',
  ): PrintLine => ({ text: clean(text), align, size, bold })
  const wait = `前方等待 ${t.ahead} 人，预计 ${Math.ceil(t.etaSec / 60)} 分钟`
  return {
    lines: [
      ...wrap(clean(t.hallName), width, charset).map((l) => line(l, 1, true)),
      line(t.serviceName),
      line(t.number, 3, true),
      ...wrap(clean(wait), width, charset).map((l) => line(l)),
      line(t.issuedAt),
    ],
    qr: t.url,
    footer: [
      line('扫码查看排队进度'),
      ...(t.notice ? wrap(clean(t.notice), width, charset).map((l) => line(l, 1, false, 'left')) : []),
    ],
  }
}

/** cmd/print body for printers that render their own layout (envelope adds id, exp). */
export const printCommandBody = (t: TicketPrintInput): Json => ({
  num: t.number,
  svc: t.serviceName.slice(0, 16),
  ahead: t.ahead,
  etaMin: Math.ceil(t.etaSec / 60),
  at: t.issuedAt,
  url: t.url,
})
