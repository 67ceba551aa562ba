// The device simulator: plays every device of a hall's registry (or the ones asked for).
import type { Logger } from 'pino'
import { credentialsFor } from '../../src/mqtt/credentials.ts'
import { buildRegistry } from '../src/registry.ts'
import { SimDevice } from './sim-device.ts'

export interface SimulatorOptions {
  url: string
  hall: string
  document: unknown // the hall document (its `devices` list is played)
  secret: string | null // MQTT_DEVICE_SECRET; null = connect without credentials
  log: Logger
  only?: string[] // device ids to play (default: all)
  playMs?: number
  keepaliveSec?: number
}

export interface Simulator {
  devices: Map<string, SimDevice>
  device(id: string): SimDevice
  stop(): Promise<void>
}

export async function startSimulator(o: SimulatorOptions): Promise<Simulator> {
  const registry = buildRegistry(o.hall, o.document)
  const devices = new Map<string, SimDevice>()
  for (const d of registry.devices) {
    if (o.only && !o.only.includes(d.id)) continue
    // Devices the bridge drives itself (serial, ESC/POS, local audio) have no MQTT side to play.
    const driver = (d.profile as { driver?: string }).driver
    if (driver && driver !== 'mqtt-json') continue
    const sim = new SimDevice({
      url: o.url,
      hall: o.hall,
      device: d,
      credentials: o.secret
        ? credentialsFor(o.secret, { kind: 'device', hall: o.hall, type: d.type, device: d.id })
        : null,
      log: o.log,
      playMs: o.playMs,
      keepaliveSec: o.keepaliveSec,
    })
    await sim.connect()
    devices.set(d.id, sim)
  }
  o.log.info({ hall: o.hall, devices: devices.size }, 'device simulator running')
  return {
    devices,
    device: (id) => {
      const d = devices.get(id)
      if (!d) throw new Error(`simulator has no device ${id}`)
      return d
    },
    stop: async () => {
      for (const d of devices.values()) await d.stop()
    },
  }
}
