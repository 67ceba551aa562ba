// Device input → core API calls, made with the device's own token. The device gets a short
// cmd/result (not retried) saying whether its press worked; refusals are logged with the reason.
import { CoreApiError, type CoreApi } from './core-api.ts'
import { interpretDeviceEvent, type InputAction } from './device-input.ts'
import type { HallOutputs, OutputContext } from './hall-outputs.ts'
import type { Json } from './protocol/envelope.ts'
import type { Device } from './registry.ts'

export interface RatingReport {
  hall: string
  window: string
  ticket: string
  grade: number
  device: string
  at: number
}

export interface HallInputsOptions {
  ctx: () => OutputContext
  api: CoreApi
  tokenFor: (device: Device) => string | undefined
  outputs: HallOutputs
  ticketUrl: (hall: string, ticket: string) => string
  onRating?: (r: RatingReport) => void
}

export class HallInputs {
  constructor(private readonly o: HallInputsOptions) {}

  private result(device: Device, ref: unknown, ok: boolean, code?: string): void {
    if (device.type !== 'keypad' && device.type !== 'kiosk' && device.type !== 'evaluator') return
    const driver = this.o.ctx().drivers.get(device.id)
    void driver?.command(
      'result',
      { ref: String(ref), ok, ...(code ? { code: code.slice(0, 40) } : {}) },
      { ttlMs: 10_000, retries: 0 },
    )
  }

  async handle(device: Device, name: string, msg: Json): Promise<void> {
    const { link, view } = this.o.ctx()
    const prompted = device.window ? (this.o.outputs.prompted.get(device.window) ?? null) : null
    const r = interpretDeviceEvent(device, name, msg, prompted)
    if (!r.ok) {
      link.log.warn({ device: device.id, evt: name, reason: r.reason }, 'device input refused')
      return this.result(device, msg.id, false, 'QMS_ERR_REFUSED')
    }
    const a = r.action
    if (a.kind === 'paper') {
      if (a.state !== 'ok') link.alert(device, `paper_${a.state}`)
      return
    }
    if (a.kind === 'rating') return this.rate(device, msg, a)
    const token = this.o.tokenFor(device)
    if (!token) {
      link.log.error({ device: device.id }, 'no core API token configured for device; input ignored')
      return this.result(device, msg.id, false, 'QMS_ERR_UNAUTHORIZED')
    }
    try {
      await this.call(device, a, token, view.windows.get(a.kind === 'issue' ? '' : a.window)?.ticket ?? null)
      link.log.info(
        { device: device.id, evt: name, action: a.kind === 'issue' ? 'issue' : a.action },
        'device input applied',
      )
      this.result(device, msg.id, true)
    } catch (err) {
      const code = err instanceof CoreApiError ? err.code : 'QMS_ERR_UNAVAILABLE'
      link.log.warn(
        { device: device.id, evt: name, code, err: (err as Error).message },
        'device input failed at the core',
      )
      this.result(device, msg.id, false, code)
    }
  }

  /** A rating goes to the core with the evaluator's own token (the core ties it to the ticket,
   *  window and service, and opens a follow-up case for a bad grade). The prompt stays open only
   *  when the core asks for reasons, so the device can send the grade again with them. */
  private async rate(device: Device, msg: Json, a: Extract<InputAction, { kind: 'rating' }>): Promise<void> {
    const { link } = this.o.ctx()
    const report: RatingReport = {
      hall: link.hall,
      window: a.window,
      ticket: a.ticket,
      grade: a.grade,
      device: device.id,
      at: link.now(),
    }
    const token = this.o.tokenFor(device)
    if (!token) {
      link.log.error({ device: device.id }, 'no core API token configured for evaluator; rating not sent')
      return this.result(device, msg.id, false, 'QMS_ERR_UNAUTHORIZED')
    }
    try {
      await this.o.api.rate(link.hall, a.ticket, token, {
        grade: a.grade,
        ...(a.reasons.length ? { reasons: a.reasons } : {}),
      })
      this.o.outputs.prompted.delete(a.window)
      link.log.info(report, 'rating sent')
      this.o.onRating?.(report)
      this.result(device, msg.id, true)
    } catch (err) {
      const code = err instanceof CoreApiError ? err.code : 'QMS_ERR_UNAVAILABLE'
      if (code !== 'QMS_ERR_VALIDATION') this.o.outputs.prompted.delete(a.window)
      link.log.warn(
        { device: device.id, ticket: a.ticket, code, err: (err as Error).message },
        'rating refused by the core',
      )
      this.result(device, msg.id, false, code)
    }
  }

  private async call(
    device: Device,
    a: Exclude<InputAction, { kind: 'paper' | 'rating' }>,
    token: string,
    current: string | null,
  ): Promise<void> {
    const { link, info } = this.o.ctx()
    const api = this.o.api
    if (a.kind === 'window') {
      await api.windowAction(link.hall, a.window, a.action, token, a.body)
      return
    }
    if (a.kind === 'ticket') {
      if (!current) throw new CoreApiError(409, 'QMS_ERR_NO_CURRENT_TICKET', `window ${a.window} has no current ticket`)
      await api.ticketAction(link.hall, current, a.action, token, a.body)
      return
    }
    const t = await api.issue(link.hall, token, { service: a.service, ...(a.class ? { priority: a.class } : {}) })
    await this.o.outputs.print(device.id, {
      hallName: info.name,
      serviceName: info.services.get(t.service)?.name ?? t.service,
      number: t.number,
      ahead: t.ahead,
      etaSec: t.etaMinutes * 60,
      issuedAt: `${t.issuedAt.slice(0, 10)} ${t.issuedAt.slice(11, 16)}`, // already in the hall's offset
      url: this.o.ticketUrl(link.hall, t.id),
      notice: info.notice,
    })
  }
}
