// A window LED panel on a serial line (or a pty, or a plain file for tests): the bridge renders
// the rows and writes frames (serial-led-frame.ts) to profile.path. Line settings (baud, parity)
// are the port's, set once with stty; the bridge only writes bytes. The panel cannot speak MQTT,
// so the bridge publishes its status and `reported` state for it.
import { open, type FileHandle } from 'node:fs/promises'
import { nodeTopic } from '../../../src/mqtt/topics.ts'
import type { BridgeLink } from '../link.ts'
import { newMessageId, type Json } from '../protocol/envelope.ts'
import type { DeviceOf } from '../registry.ts'
import type { CommandOutcome, DeviceDriver } from './driver.ts'
import { screenFrames } from './serial-led-frame.ts'

export class SerialLedDriver implements DeviceDriver {
  readonly kind = 'serial-led'
  readonly proxied = true
  private file: FileHandle | null = null

  constructor(
    readonly device: DeviceOf<'led'>,
    private readonly link: BridgeLink,
  ) {}

  private status(state: 'online' | 'offline', reason?: string): Promise<void> {
    const { link, device } = this
    return link.publish(
      nodeTopic(link.hall, 'led', device.id, 'status'),
      { id: newMessageId(), state, via: 'bridge', ...(reason ? { reason } : {}) },
      { retain: true, qos: 1 },
    )
  }

  async start(): Promise<void> {
    const path = this.device.profile.path
    if (!path) {
      this.link.log.error({ device: this.device.id }, 'serial LED has no profile.path')
      await this.status('offline', 'no path')
      return
    }
    try {
      this.file = await open(path, 'a')
      await this.status('online')
    } catch (err) {
      this.link.log.error({ err, device: this.device.id, path }, 'cannot open serial LED port')
      this.link.alert(this.device, 'port_error', { path })
      await this.status('offline', 'port error')
    }
  }

  async setDesired(state: Json): Promise<void> {
    if (!this.file) return
    const rows = Array.isArray(state.b)
      ? (state.b as string[]).map((b) => Buffer.from(b, 'base64'))
      : ((state.l as string[] | undefined) ?? []).map((l) => Buffer.from(l, 'utf8'))
    try {
      await this.file.write(screenFrames(this.device.profile.address, rows))
      const { link, device } = this
      await link.publish(
        nodeTopic(link.hall, 'led', device.id, 'reported'),
        { ...state, id: newMessageId() },
        { retain: true, qos: 1 },
      )
    } catch (err) {
      this.link.log.error({ err, device: this.device.id }, 'serial LED write failed')
      this.link.alert(this.device, 'port_error')
      await this.status('offline', 'write failed')
    }
  }

  async command(): Promise<CommandOutcome> {
    return 'unsupported'
  }

  async stop(): Promise<void> {
    await this.file?.close()
    this.file = null
    await this.status('offline', 'bridge stopped').catch(() => {})
  }
}
