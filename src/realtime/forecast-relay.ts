// Turns the predictor's refreshes into live `forecast` messages (docs/live-channel.md). A waiting
// ticket's forecast moves by a minute about every 30 s in a busy hall, so each ticket gets at most
// one update per `ticketIntervalMs`: a move inside that interval is sent when it ends, with the
// figures current then. Services are sent when one of them moved by a minute or more.
import type { Eta, HallPrediction } from '../domain/predict/types.ts'
import type { ForecastMessage } from './messages.ts'

export interface ForecastRelayOptions {
  send: (hall: string, message: ForecastMessage) => void
  /** The hall's latest forecast, for updates held back by the throttle. */
  latest: (hall: string) => HallPrediction | null
  ticketIntervalMs?: number
  /** A service figure is sent again once it moved by at least this much. */
  serviceThresholdSec?: number
  clock?: () => number
}

interface HallState {
  sentAt: Map<string, number> // ticket → when its last update went out
  held: Set<string> // tickets with a move not sent yet (throttled)
  timer: NodeJS.Timeout | null
  services: Record<string, number> // service → etaSec last sent
}

const figures = (e: Eta): Eta => ({ etaSec: Math.round(e.etaSec), p10: Math.round(e.p10), p90: Math.round(e.p90) })

export class ForecastRelay {
  private readonly halls = new Map<string, HallState>()
  private readonly intervalMs: number
  private readonly clock: () => number

  constructor(private readonly opts: ForecastRelayOptions) {
    this.intervalMs = opts.ticketIntervalMs ?? 30_000
    this.clock = opts.clock ?? Date.now
  }

  /** After each refresh of a hall: `moved` are the tickets new or moved by the live threshold. */
  onRefresh(hall: string, prediction: HallPrediction, moved: Iterable<string>): void {
    const h = this.state(hall)
    for (const id of moved) h.held.add(id)
    const message: ForecastMessage = { type: 'forecast', at: prediction.at }
    const tickets = this.due(h, prediction)
    if (tickets) message.tickets = tickets
    const services = this.servicesMoved(h, prediction)
    if (services) message.services = services
    if (tickets || services) this.opts.send(hall, message)
    this.schedule(hall, h)
  }

  close(): void {
    for (const h of this.halls.values()) if (h.timer) clearTimeout(h.timer)
    this.halls.clear()
  }

  private state(hall: string): HallState {
    let h = this.halls.get(hall)
    if (!h) this.halls.set(hall, (h = { sentAt: new Map(), held: new Set(), timer: null, services: {} }))
    return h
  }

  /** Held tickets whose interval is over, with their current figures. */
  private due(h: HallState, prediction: HallPrediction): ForecastMessage['tickets'] | null {
    const now = this.clock()
    let out: NonNullable<ForecastMessage['tickets']> | null = null
    for (const id of h.held) {
      const eta = prediction.tickets.get(id)
      if (!eta) {
        h.held.delete(id) // called or gone: nothing to forecast
        continue
      }
      if (now - (h.sentAt.get(id) ?? -Infinity) < this.intervalMs) continue
      ;(out ??= {})[id] = figures(eta)
      h.sentAt.set(id, now)
      h.held.delete(id)
    }
    for (const id of h.sentAt.keys()) if (!prediction.tickets.has(id)) h.sentAt.delete(id)
    return out
  }

  private servicesMoved(h: HallState, prediction: HallPrediction): ForecastMessage['services'] | null {
    const threshold = this.opts.serviceThresholdSec ?? 60
    const entries = Object.entries(prediction.services)
    const moved = entries.some(([id, s]) => !(Math.abs((h.services[id] ?? -Infinity) - s.etaSec) < threshold))
    if (!moved) return null
    h.services = Object.fromEntries(entries.map(([id, s]) => [id, s.etaSec]))
    return Object.fromEntries(entries.map(([id, s]) => [id, figures(s)]))
  }

  /** Held tickets go out when their interval ends, even if the hall is quiet by then. */
  private schedule(hall: string, h: HallState): void {
    if (h.timer || h.held.size === 0) return
    let next = Infinity
    for (const id of h.held) next = Math.min(next, (h.sentAt.get(id) ?? 0) + this.intervalMs)
    h.timer = setTimeout(
      () => {
        h.timer = null
        const latest = this.opts.latest(hall)
        if (latest) this.onRefresh(hall, latest, [])
      },
      Math.max(0, next - this.clock()),
    ).unref()
  }
}
