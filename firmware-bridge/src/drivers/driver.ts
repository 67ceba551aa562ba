// How the bridge talks to one device. `mqtt-json` devices speak the topic tree themselves; the
// other drivers stand in for devices that cannot (a serial LED panel, an ESC/POS printer, a
// speaker fed with audio the bridge renders), and the bridge reports their status for them.
import type { Json } from '../protocol/envelope.ts'
import type { Device } from '../registry.ts'

export type CommandOutcome =
  | 'done' // acknowledged and, where asked, completed (e.g. played)
  | 'acked' // acknowledged; completion not reported in time
  | 'rejected' // the device refused it (expired, malformed)
  | 'no_ack' // silent after every retry (an alert has been raised)
  | 'failed' // a local driver could not deliver it
  | 'unsupported'

export interface CommandOptions {
  ttlMs: number // command expiry (exp) from now
  /** Wait for this device event with `ref` = the command id after the ack (e.g. 'played'). */
  completion?: { evt: string; timeoutMs: number }
  /** Retries when unacknowledged (default: the bridge's setting); 0 for fire-and-forget notices. */
  retries?: number
}

export interface DeviceDriver {
  readonly device: Device
  readonly kind: string
  /** True when the bridge must publish this device's status (it cannot publish its own). */
  readonly proxied: boolean
  start(): Promise<void>
  /** The state the device should show now (retained). */
  setDesired(state: Json): Promise<void>
  command(name: string, body: Json, opts: CommandOptions): Promise<CommandOutcome>
  stop(): Promise<void>
}
