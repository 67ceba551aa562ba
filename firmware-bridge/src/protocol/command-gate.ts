// What a device does with an incoming command before acting on it (the firmware rule, implemented
// here for the simulator and as the reference for device makers):
//   - malformed (no id / no exp) → ack {ok:false, err:'bad'}; not executed
//   - duplicate id (a retry after a lost ack) → ack again with dup:true; not executed again
//   - expired (exp < now) → ack {ok:false, err:'expired'}; not executed
import { parseDevicePayload } from './envelope.ts'
import type { Json } from './envelope.ts'
import { RecentIds } from './recent-ids.ts'

export type GateDecision =
  | { action: 'execute'; command: Json & { id: string; exp: number }; ack: Json }
  | { action: 'ack-only'; ack: Json; reason: 'duplicate' | 'expired' | 'bad' }
  | { action: 'ignore'; reason: string }

export class CommandGate {
  private readonly seen = new RecentIds(256)
  constructor(private readonly maxBytes = 1024) {}

  check(payload: Buffer, nowMs: number): GateDecision {
    const parsed = parseDevicePayload(payload, this.maxBytes)
    if (!parsed.ok) return { action: 'ignore', reason: parsed.reason }
    const cmd = parsed.value
    const id = cmd.id as string
    const ackId = `a${id}`.slice(0, 32)
    if (typeof cmd.exp !== 'number' || !Number.isFinite(cmd.exp))
      return { action: 'ack-only', reason: 'bad', ack: { id: ackId, ref: id, ok: false, err: 'bad' } }
    if (!this.seen.add(id))
      return { action: 'ack-only', reason: 'duplicate', ack: { id: ackId, ref: id, ok: true, dup: true } }
    if (cmd.exp * 1000 < nowMs)
      return { action: 'ack-only', reason: 'expired', ack: { id: ackId, ref: id, ok: false, err: 'expired' } }
    return {
      action: 'execute',
      command: cmd as Json & { id: string; exp: number },
      ack: { id: ackId, ref: id, ok: true },
    }
  }
}
