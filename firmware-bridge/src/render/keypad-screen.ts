// The caller keypad's own small screen: the window's current ticket and how many wait for it.
import type { KeypadProfile } from '../registry.ts'
import { MCU_PAYLOAD_MAX, byteLength, type Json } from '../protocol/envelope.ts'
import { encodedLines, fitScreen } from './screen.ts'

export interface KeypadState {
  window: string
  status: 'open' | 'paused' | 'closed'
  number: string | null
  waiting: number
}

export function keypadDesired(
  s: KeypadState,
  size: Pick<KeypadProfile, 'cols' | 'rows' | 'charset'>,
  id: string,
  ts: number,
): Json {
  const current = s.number ?? (s.status === 'open' ? '--' : s.status === 'paused' ? '暂停' : '关闭')
  const fitted = fitScreen(
    size.rows >= 2
      ? [
          [`当前:${current}`, `等候:${s.waiting}人`],
          [current, `${s.waiting}人`],
          [current, String(s.waiting)],
        ]
      : [[`${current} 等候${s.waiting}人`], [`${current} ${s.waiting}人`], [`${current} ${s.waiting}`]],
    size,
  )
  const payload: Json = {
    id,
    ts,
    win: s.window,
    num: s.number,
    wait: s.waiting,
    st: s.status,
    cs: size.charset,
    l: fitted.lines,
  }
  if (size.charset !== 'UTF-8') payload.b = encodedLines(fitted.lines, size.charset)
  if (byteLength(payload) > MCU_PAYLOAD_MAX) delete payload.l
  return payload
}
