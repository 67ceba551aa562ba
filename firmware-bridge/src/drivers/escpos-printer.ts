// A ticket printer driven by the bridge over ESC/POS: profile.target is a device file
// (/dev/usb/lp0, a serial port) or a network printer `tcp://host:9100`.
import { nodeTopic } from '../../../src/mqtt/topics.ts'
import type { BridgeLink } from '../link.ts'
import { newMessageId, type Json } from '../protocol/envelope.ts'
import type { DeviceOf } from '../registry.ts'
import type { PrintJob } from '../render/ticket-print.ts'
import type { CommandOutcome, DeviceDriver } from './driver.ts'
import { escposTicket, newPrinter } from './escpos-ticket.ts'

export class EscposPrinterDriver implements DeviceDriver {
  readonly kind = 'escpos'
  readonly proxied = true

  constructor(
    readonly device: DeviceOf<'printer'>,
    private readonly link: BridgeLink,
  ) {}

  private status(state: 'online' | 'offline', reason?: string): Promise<void> {
    const { link, device } = this
    return link.publish(
      nodeTopic(link.hall, 'printer', device.id, 'status'),
      { id: newMessageId(), state, via: 'bridge', ...(reason ? { reason } : {}) },
      { retain: true, qos: 1 },
    )
  }

  async start(): Promise<void> {
    await this.status(
      this.device.profile.target ? 'online' : 'offline',
      this.device.profile.target ? undefined : 'no target',
    )
  }

  async setDesired(): Promise<void> {}

  /** `print` takes { job: PrintJob } (rendered by render/ticket-print.ts). */
  async command(name: string, body: Json): Promise<CommandOutcome> {
    const target = this.device.profile.target
    if (name !== 'print' || !target) return 'unsupported'
    const printer = newPrinter(target, this.device.profile.width)
    escposTicket(printer, body.job as PrintJob)
    try {
      await printer.execute()
      return 'done'
    } catch (err) {
      this.link.log.error({ err, device: this.device.id, target }, 'ticket print failed')
      this.link.alert(this.device, 'print_failed', { target })
      await this.status('offline', 'print failed')
      return 'failed'
    }
  }

  async stop(): Promise<void> {
    await this.status('offline', 'bridge stopped').catch(() => {})
  }
}
