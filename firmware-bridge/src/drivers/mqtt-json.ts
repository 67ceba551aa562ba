// Devices that speak the topic tree directly: desired state is published retained, commands go
// to cmd/{name} with id + exp and are retried until acknowledged.
import { nodeTopic } from '../../../src/mqtt/topics.ts'
import type { BridgeLink } from '../link.ts'
import { MCU_PAYLOAD_MAX, byteLength, command, type Json } from '../protocol/envelope.ts'
import type { Device } from '../registry.ts'
import type { CommandOptions, CommandOutcome, DeviceDriver } from './driver.ts'

export class MqttJsonDriver implements DeviceDriver {
  readonly kind = 'mqtt-json'
  readonly proxied = false

  constructor(
    readonly device: Device,
    private readonly link: BridgeLink,
    private readonly maxBytes = device.type === 'board' ? 64 * 1024 : MCU_PAYLOAD_MAX,
  ) {}

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  private fits(what: string, payload: Json): boolean {
    const size = byteLength(payload)
    if (size <= this.maxBytes) return true
    this.link.log.error(
      { device: this.device.id, what, size, max: this.maxBytes },
      'payload too large for device; not sent',
    )
    return false
  }

  async setDesired(state: Json): Promise<void> {
    if (!this.fits('desired', state)) return
    await this.link.publish(nodeTopic(this.link.hall, this.device.type, this.device.id, 'desired'), state, {
      retain: true,
      qos: 1,
    })
  }

  async command(name: string, body: Json, opts: CommandOptions): Promise<CommandOutcome> {
    const { link, device } = this
    const cmd = command(body, link.now(), opts.ttlMs)
    if (!this.fits(`cmd/${name}`, cmd)) return 'failed'
    const topic = nodeTopic(link.hall, device.type, device.id, `cmd/${name}`)
    const retries = opts.retries ?? link.retries
    // Register the completion waiter before sending: a fast device may finish before we look.
    const completion = opts.completion
      ? link.tracker.waitEvent(
          opts.completion.evt,
          cmd.id,
          opts.completion.timeoutMs + link.ackTimeoutMs * (retries + 1),
        )
      : null
    let ack: Json | null = null
    for (let attempt = 0; attempt <= retries && ack === null; attempt++) {
      if (attempt > 0 && link.now() >= cmd.exp * 1000) break // expired: a retry would be dropped anyway
      const waiting = link.tracker.waitAck(cmd.id, link.ackTimeoutMs)
      // Wait for the ack, not for the publish: across a broker restart mqtt.js may hold a QoS 1
      // publish for good, and the command (the hall's announcement queue behind it) with it.
      const sent = link.publish(topic, cmd, { retain: false, qos: 1 }).catch((err: unknown) => {
        link.log.warn({ device: device.id, cmd: name, id: cmd.id, err }, 'command not sent')
      })
      await Promise.race([sent, waiting])
      ack = await waiting
      if (ack === null && attempt < retries)
        link.log.warn(
          { device: device.id, cmd: name, id: cmd.id, attempt: attempt + 1 },
          'command not acknowledged; retrying',
        )
    }
    if (ack === null) {
      if (retries > 0) link.alert(device, 'no_ack', { cmd: name, ref: cmd.id })
      return 'no_ack'
    }
    if (ack.ok === false) {
      link.log.warn({ device: device.id, cmd: name, id: cmd.id, err: ack.err }, 'command rejected by device')
      return 'rejected'
    }
    if (!completion) return 'done'
    return (await completion) ? 'done' : 'acked'
  }
}
