// Everything the bridge sends to a hall's devices: window displays and keypad screens (retained
// desired state, only when it changed), the hall board, announcements (through the Announcer),
// evaluator prompts and ticket print jobs.
import type { DeviceDriver } from './drivers/driver.ts'
import type { HallInfo } from './hall-info.ts'
import type { HallView, RecentCall } from './hall-view.ts'
import type { BridgeLink } from './link.ts'
import { Announcer } from './announcer.ts'
import { epochSec, newMessageId, type Json } from './protocol/envelope.ts'
import { devicesOf, printerForKiosk, type Registry } from './registry.ts'
import { boardDesired } from './render/board.ts'
import { greeting, ratePrompt } from './render/evaluator.ts'
import { keypadDesired } from './render/keypad-screen.ts'
import { announcement, estimatedDurationMs, type Announcement } from './render/speech.ts'
import { printCommandBody, ticketPrintJob, type TicketPrintInput } from './render/ticket-print.ts'
import { windowDisplayDesired } from './render/window-display.ts'

export interface OutputContext {
  link: BridgeLink
  registry: Registry
  info: HallInfo
  view: HallView
  drivers: Map<string, DeviceDriver>
}

const COMMAND_TTL_MS = 30_000

export class HallOutputs {
  /** Last desired content per device, without id/ts: unchanged content is not re-published. */
  private readonly lastDesired = new Map<string, string>()
  /** Evaluator prompts awaiting a grade: window → ticket id. */
  readonly prompted = new Map<string, string>()
  readonly announcer: Announcer<RecentCall>

  constructor(private readonly ctx: () => OutputContext) {
    const { link } = ctx()
    this.announcer = new Announcer((call) => this.playAnnouncement(call), link.log, link.now)
  }

  forget(): void {
    this.lastDesired.clear()
  }

  private async desired(deviceId: string, build: (id: string, ts: number) => Json): Promise<void> {
    const { drivers, link } = this.ctx()
    const driver = drivers.get(deviceId)
    if (!driver) return
    const probe = build('', 0)
    const key = JSON.stringify(probe)
    if (this.lastDesired.get(deviceId) === key) return
    this.lastDesired.set(deviceId, key)
    await driver.setDesired(build(newMessageId(), epochSec(link.now())))
  }

  async renderWindow(windowId: string): Promise<void> {
    const { registry, info, view } = this.ctx()
    const w = view.windows.get(windowId)
    const wi = info.windows.get(windowId)
    if (!w || !wi) return
    for (const led of devicesOf(registry, 'led').filter((d) => d.window === windowId)) {
      await this.desired(led.id, (id, ts) =>
        windowDisplayDesired(
          { window: windowId, label: wi.label, status: w.status, number: w.number },
          led.profile,
          id,
          ts,
        ),
      )
    }
    for (const kp of devicesOf(registry, 'keypad').filter((d) => d.window === windowId)) {
      await this.desired(kp.id, (id, ts) =>
        keypadDesired(
          { window: windowId, status: w.status, number: w.number, waiting: view.waitingFor(windowId) },
          kp.profile,
          id,
          ts,
        ),
      )
    }
  }

  async renderBoard(): Promise<void> {
    const { registry, info, view } = this.ctx()
    for (const board of devicesOf(registry, 'board')) {
      const input = {
        recent: view.recent.map((r) => ({
          number: r.number,
          window: r.window,
          label: info.windows.get(r.window)?.label ?? r.window,
          recall: r.recall,
        })),
        windows: [...info.windows.values()].map((wi) => {
          const w = view.windows.get(wi.id)
          return { id: wi.id, label: wi.label, name: wi.name, status: w?.status ?? 'closed', number: w?.number ?? null }
        }),
        services: [...info.services.values()].map((s) => ({
          id: s.id,
          name: s.name,
          nameEn: s.nameEn,
          waiting: view.services.get(s.id)?.waiting ?? 0,
          etaSec: view.services.get(s.id)?.etaSec ?? 0,
        })),
        maxRecent: board.profile.recent,
        languages: board.profile.languages,
      }
      await this.desired(board.id, (id, ts) => boardDesired(input, id, ts))
    }
  }

  async renderAll(): Promise<void> {
    for (const id of this.ctx().info.windows.keys()) await this.renderWindow(id)
    await this.renderBoard()
  }

  private async playAnnouncement(call: RecentCall): Promise<void> {
    const { registry, info, drivers, link } = this.ctx()
    const label = info.windows.get(call.window)?.label ?? call.window
    await Promise.all(
      devicesOf(registry, 'speaker').map(async (sp) => {
        const driver = drivers.get(sp.id)
        if (!driver) return
        const a: Announcement = announcement({
          number: call.number,
          windowLabel: label,
          languages: sp.profile.languages,
          repeat: sp.profile.repeat,
          chime: sp.profile.chime,
        })
        const body: Json = {
          seq: call.seq,
          num: call.number,
          win: call.window,
          text: a.text,
          say: a.say,
          ...(a.en ? { en: a.en } : {}),
          rep: a.repeat,
          chime: a.chime,
        }
        const ms = estimatedDurationMs(a)
        const outcome = await driver.command('announce', driver.kind === 'audio' ? { ...body, audio: a } : body, {
          ttlMs: COMMAND_TTL_MS,
          completion: { evt: 'played', timeoutMs: ms + 5000 },
        })
        link.log.info(
          { device: sp.id, seq: call.seq, number: call.number, window: call.window, outcome },
          'announcement',
        )
      }),
    )
  }

  announce(call: RecentCall): void {
    this.announcer.enqueue(call.seq, call)
  }

  private evaluators(window: string): DeviceDriver[] {
    const { registry, drivers } = this.ctx()
    return devicesOf(registry, 'evaluator')
      .filter((d) => d.window === window)
      .flatMap((d) => drivers.get(d.id) ?? [])
  }

  async greet(window: string, number: string): Promise<void> {
    this.prompted.delete(window)
    for (const d of this.evaluators(window))
      void d.command('show', greeting(number, window), { ttlMs: 10_000, retries: 0 })
  }

  async promptRating(window: string, ticket: string, number: string): Promise<void> {
    const evs = this.evaluators(window)
    if (evs.length === 0) return
    this.prompted.set(window, ticket)
    for (const d of evs) {
      if (d.device.type !== 'evaluator') continue
      const timeoutSec = d.device.profile.timeoutSec
      void d.command('rate', ratePrompt(ticket, number, window, d.device.profile.grades), { ttlMs: timeoutSec * 1000 })
    }
  }

  /** Prints a ticket on the printer that belongs to `kioskId`. */
  async print(kioskId: string, input: TicketPrintInput): Promise<string> {
    const { registry, drivers, link } = this.ctx()
    const printer = printerForKiosk(registry, kioskId)
    const driver = printer ? drivers.get(printer.id) : undefined
    if (!printer || !driver) {
      link.log.warn({ kiosk: kioskId }, 'no printer for kiosk; ticket not printed')
      return 'no_printer'
    }
    const body =
      driver.kind === 'escpos'
        ? { job: ticketPrintJob(input, printer.profile.width, printer.profile.charset) }
        : printCommandBody(input)
    return driver.command('print', body, { ttlMs: 60_000 })
  }
}
