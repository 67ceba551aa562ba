// What a device's event asks for, decided before anything is called: keypad keys become window or
// ticket actions on the keypad's own window, evaluator grades become ratings of the prompted
// ticket, kiosk presses become ticket issues, printer paper reports become alerts. Anything
// malformed or out of scope is refused with a reason (logged by the caller) and changes nothing.
import type { Json } from './protocol/envelope.ts'
import type { Device } from './registry.ts'
import type { TicketAction, WindowAction } from './core-api.ts'

export const KEYPAD_KEYS = ['call_next', 'recall', 'pause', 'resume', 'transfer', 'no_show', 'complete'] as const
export type KeypadKey = (typeof KEYPAD_KEYS)[number]

export type InputAction =
  | { kind: 'window'; key: KeypadKey; window: string; action: WindowAction; body: Json }
  | { kind: 'ticket'; key: KeypadKey; window: string; action: TicketAction; body: Json }
  | { kind: 'rating'; window: string; ticket: string; grade: number; reasons: string[] }
  | { kind: 'issue'; service: string; class: string | null }
  | { kind: 'paper'; state: 'ok' | 'low' | 'out' }

export type Interpreted = { ok: true; action: InputAction } | { ok: false; reason: string }

const ID = /^[A-Za-z0-9_-]{1,64}$/
const refuse = (reason: string): Interpreted => ({ ok: false, reason })
const str = (v: unknown, max = 64): string | null =>
  typeof v === 'string' && v.length > 0 && v.length <= max ? v : null

function keypad(device: Device, msg: Json): Interpreted {
  const window = device.window!
  if (msg.window !== undefined && msg.window !== window)
    return refuse(`keypad ${device.id} may not act on window ${String(msg.window)} (it belongs to window ${window})`)
  const key = msg.key
  if (typeof key !== 'string' || !(KEYPAD_KEYS as readonly string[]).includes(key))
    return refuse(`unknown key ${JSON.stringify(key)}`)
  const k = key as KeypadKey
  switch (k) {
    case 'call_next':
      return { ok: true, action: { kind: 'window', key: k, window, action: 'call-next', body: {} } }
    case 'recall':
      return { ok: true, action: { kind: 'window', key: k, window, action: 'recall', body: {} } }
    case 'pause': {
      const reason = msg.reason === undefined ? null : str(msg.reason, 32)
      if (msg.reason !== undefined && reason === null) return refuse('pause reason must be a short string')
      return { ok: true, action: { kind: 'window', key: k, window, action: 'pause', body: reason ? { reason } : {} } }
    }
    case 'resume':
      return { ok: true, action: { kind: 'window', key: k, window, action: 'open', body: {} } }
    case 'no_show':
      return { ok: true, action: { kind: 'ticket', key: k, window, action: 'no-show', body: {} } }
    case 'complete':
      return { ok: true, action: { kind: 'ticket', key: k, window, action: 'complete', body: {} } }
    case 'transfer': {
      const svc = msg.svc === undefined ? null : str(msg.svc, 32)
      const win = msg.win === undefined ? null : str(msg.win, 32)
      if ((svc === null) === (win === null) || (svc && !ID.test(svc)) || (win && !ID.test(win)))
        return refuse('transfer needs exactly one of svc or win')
      return {
        ok: true,
        action: { kind: 'ticket', key: k, window, action: 'transfer', body: svc ? { service: svc } : { window: win } },
      }
    }
  }
}

/** `prompted`: the ticket the evaluator was last asked to rate (null when no prompt is open). */
export function interpretDeviceEvent(
  device: Device,
  name: string,
  msg: Json,
  prompted: string | null = null,
): Interpreted {
  if (device.type === 'keypad' && name === 'key') return keypad(device, msg)
  if (device.type === 'evaluator' && name === 'rating') {
    const grade = msg.grade
    if (typeof grade !== 'number' || !Number.isInteger(grade) || grade < 1 || grade > device.profile.grades)
      return refuse(`grade must be an integer 1..${device.profile.grades}`)
    const ticket = str(msg.tk)
    if (!ticket || !ID.test(ticket)) return refuse('rating names no ticket (tk)')
    if (ticket !== prompted) return refuse(`no open rating prompt for ticket ${ticket} at this evaluator`)
    // Optional reason ids (`rs`) for the bad grades; the core checks them against the hall's list.
    const rs = msg.rs === undefined ? [] : msg.rs
    if (!Array.isArray(rs) || rs.length > 8 || !rs.every((r) => typeof r === 'string' && ID.test(r)))
      return refuse('rs must be a list of at most 8 reason ids')
    return { ok: true, action: { kind: 'rating', window: device.window!, ticket, grade, reasons: rs as string[] } }
  }
  if (device.type === 'kiosk' && name === 'issue') {
    const service = str(msg.svc, 32)
    if (!service || !ID.test(service)) return refuse('issue needs a service id (svc)')
    const cls = msg.cls === undefined ? null : str(msg.cls, 32)
    if (msg.cls !== undefined && (!cls || !ID.test(cls))) return refuse('cls must be a priority class id')
    return { ok: true, action: { kind: 'issue', service, class: cls } }
  }
  if (device.type === 'printer' && name === 'paper') {
    const state = msg.state
    if (state !== 'ok' && state !== 'low' && state !== 'out') return refuse('paper state must be ok, low or out')
    return { ok: true, action: { kind: 'paper', state } }
  }
  if (device.type === 'speaker' && name === 'played')
    return refuse('played is a completion report, handled by the command tracker')
  return refuse(`a ${device.type} has no event ${name}`)
}
