// What a window's LED display shows: the called number (请A017号 / 到3号窗口), or the window's
// label and its state when nobody is called. Returns the retained `desired` payload (< 256 bytes).
import type { LedProfile } from '../registry.ts'
import { MCU_PAYLOAD_MAX, byteLength, type Json } from '../protocol/envelope.ts'
import { encodedLines, fitScreen, type FittedScreen } from './screen.ts'

export interface WindowDisplayState {
  window: string
  label: string // spoken/printed window number, e.g. "3"
  status: 'open' | 'paused' | 'closed'
  number: string | null // ticket currently called at the window
}

export function windowDisplayLines(
  s: WindowDisplayState,
  size: Pick<LedProfile, 'cols' | 'rows' | 'charset'>,
): FittedScreen {
  const win = `${s.label}号窗口`
  if (s.number !== null) {
    const n = s.number
    return fitScreen(
      size.rows >= 2
        ? [
            [`请${n}号`, `到${win}`],
            [`请${n}号`, win],
            [n, `${s.label}号`],
            [n, s.label],
          ]
        : [[`请${n}号到${win}`], [`${n} ${win}`], [`${n}→${s.label}号`], [`${n} ${s.label}`], [n]],
      size,
    )
  }
  const state = s.status === 'open' ? '欢迎光临' : s.status === 'paused' ? '暂停服务' : '停止服务'
  return fitScreen(
    size.rows >= 2
      ? [
          [win, state],
          [`${s.label}号`, state],
          [s.label, state],
        ]
      : [[`${win} ${state}`], [state], [s.label]],
    size,
  )
}

/** The LED `desired` payload: text lines (`l`) and, for GB devices, the encoded bytes (`b`, base64). */
export function windowDisplayDesired(
  s: WindowDisplayState,
  size: Pick<LedProfile, 'cols' | 'rows' | 'charset'>,
  id: string,
  ts: number,
): Json {
  const fitted = windowDisplayLines(s, size)
  const payload: Json = { id, ts, win: s.window, num: s.number, st: s.status, cs: size.charset, l: fitted.lines }
  if (size.charset !== 'UTF-8') payload.b = encodedLines(fitted.lines, size.charset)
  // Large panels: the encoded form is what the MCU needs; drop the readable copy first.
  if (byteLength(payload) > MCU_PAYLOAD_MAX && payload.b) delete payload.l
  if (byteLength(payload) > MCU_PAYLOAD_MAX)
    throw new Error(`display ${s.window}: ${size.cols}x${size.rows} content exceeds ${MCU_PAYLOAD_MAX} bytes`)
  return payload
}
