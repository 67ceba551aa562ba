// What a device driver may use of the bridge: publishing on the hall's MQTT connection, the
// command tracker, alerts and settings. Keeps drivers independent of the bridge's wiring.
import type { Logger } from 'pino'
import type { CommandTracker } from './command-tracker.ts'
import type { Json } from './protocol/envelope.ts'
import type { Device } from './registry.ts'

export interface BridgeLink {
  hall: string
  log: Logger
  now(): number
  publish(topic: string, payload: Json | string, opts: { retain: boolean; qos: 0 | 1 }): Promise<void>
  tracker: CommandTracker
  /** Raises an alert event (bridge evt/alert) and logs it. */
  alert(device: Device, reason: string, details?: Json): void
  ackTimeoutMs: number
  retries: number
}
