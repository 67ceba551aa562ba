// Picks each device's driver from its profile (`driver`, default mqtt-json).
import type { BridgeLink } from '../link.ts'
import type { Device } from '../registry.ts'
import { AudioSpeakerDriver } from './audio-speaker.ts'
import type { DeviceDriver } from './driver.ts'
import { EscposPrinterDriver } from './escpos-printer.ts'
import { MqttJsonDriver } from './mqtt-json.ts'
import { SerialLedDriver } from './serial-led.ts'

export function makeDriver(device: Device, link: BridgeLink, clipDir: string): DeviceDriver {
  if (device.type === 'led' && device.profile.driver === 'serial-led') return new SerialLedDriver(device, link)
  if (device.type === 'printer' && device.profile.driver === 'escpos') return new EscposPrinterDriver(device, link)
  if (device.type === 'speaker' && device.profile.driver === 'audio')
    return new AudioSpeakerDriver(device, link, clipDir)
  return new MqttJsonDriver(device, link)
}
