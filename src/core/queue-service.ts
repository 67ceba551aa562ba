// The queue operations as the API offers them: calendar and priority rules before the store,
// views after it. Authorization is the route's job; this layer assumes the caller may act.

import { businessDate, issuingStatus, nextDayOpening } from '../domain/calendar.ts'
import { QmsError, isQmsError } from '../domain/errors.ts'
import type { Ticket, TicketView, WindowStatus } from '../domain/types.ts'
import type { PersonRef, QueueStore, TransferTarget } from '../store/port.ts'
import { ticketClassFor, type IssueChannel } from './green-channel.ts'
import type { HallService } from './hall-service.ts'
import { newTicketId } from './ids.ts'
import { CapacitySnapshots, farFromCutoff } from './capacity-snapshots.ts'
import { capacityStatus, dailyLimitReached } from './issuing-capacity.ts'
import type { PriorityInput } from './priority.ts'
import {
  stateView,
  summaryOf,
  ticketView,
  windowView,
  type StateApiView,
  type TicketApiView,
  type WaitFigures,
  type WindowApiView,
} from './views.ts'

export interface IssueInput {
  service: string
  priority?: PriorityInput
  /** Already scoped to the caller (see the tickets route), so two clients never share a key. */
  idempotencyKey?: string
  /** The holder (keyed hash + mask, see src/identity): one active ticket per person and service;
   *  `birthDate` (from an ID card) feeds the green channel's age rule. */
  person?: (PersonRef & { birthDate?: string | null }) | null
  /** Who asks (the green channel's eligibility rules, see green-channel.ts); default staff. */
  channel?: IssueChannel
}

/** A ticket for a booked appointment (src/appointments): no calendar or capacity checks (the
 *  booking made them), never refused by the daily limit, not called before `orderAt`. */
export interface BookedIssueInput {
  service: string
  priorityClass: string
  orderAt: number
  person: PersonRef | null
  idempotencyKey: string
}

/** The predictor's figures (src/predict/hall-forecasts.ts); lookups only, never a forecast run. */
export interface WaitForecasts {
  atIssue(hall: string, service: string, cls: string): { etaSec: number; p10: number; p90: number } | null
  ticket(hall: string, id: string, now: number): { etaSec: number; p10: number; p90: number } | null
  services(hall: string): Record<string, number> | null
}

export type TicketAction = 'start' | 'complete' | 'noShow' | 'hold' | 'resume' | 'requeue' | 'cancel'

export class QueueService {
  private readonly capacity: CapacitySnapshots

  constructor(
    private readonly store: QueueStore,
    private readonly halls: HallService,
    private readonly now: () => number,
    private readonly forecasts: WaitForecasts | null = null,
  ) {
    this.capacity = new CapacitySnapshots(store)
  }

  async issue(hall: string, input: IssueInput): Promise<{ ticket: TicketApiView; created: boolean }> {
    const { document, runtime } = await this.halls.load(hall)
    const now = this.now()
    if (!Object.hasOwn(runtime.services, input.service)) {
      throw new QmsError('QMS_ERR_SERVICE_NOT_FOUND', `unknown service "${input.service}"`, { service: input.service })
    }
    const date = businessDate(document.timezone, now)
    const person = input.person ?? null
    const priorityClass = ticketClassFor(document, runtime, {
      requested: input.priority,
      channel: input.channel ?? 'staff',
      person,
      date,
    })
    const issuing = issuingStatus(document, input.service, now)
    if (!issuing.open) throw new QmsError(issuing.code, issuing.message, { nextOpening: issuing.nextOpening })
    if (document.hours !== undefined && document.hours.capacityCutoff !== false) {
      const service = runtime.services[input.service]!
      const capacity = capacityStatus({
        doc: document,
        service,
        // Recent figures while the service is far from its cutoff, fresh ones near it.
        snapshot: await this.capacity.get(hall, now, (s) => farFromCutoff(document, service, s, now)),
        now,
        nextOpening: nextDayOpening(document, input.service, now),
      })
      if (!capacity.open) {
        throw new QmsError(capacity.code, capacity.message, { nextOpening: capacity.nextOpening, reason: 'capacity' })
      }
    }
    // The hub's latest "new ticket" probe: a lookup, so the issue stays one store round trip.
    const forecast = this.forecasts?.atIssue(hall, input.service, priorityClass) ?? null
    const result = await this.store
      .issue(hall, {
        service: input.service,
        priorityClass,
        ...(forecast && { etaSec: forecast.etaSec }),
        ...(input.idempotencyKey !== undefined && { idempotencyKey: input.idempotencyKey }),
        ...(person && { person: { key: person.key, mask: person.mask } }),
        date,
        ticketId: newTicketId(),
        now,
      })
      .catch((e: unknown) => {
        throw isQmsError(e) && e.code === 'QMS_ERR_DAILY_LIMIT' ? dailyLimitReached(document, input.service, now) : e
      })
    if (result.created) this.capacity.noteIssued(hall, input.service)
    const wait = result.created && forecast ? { ...forecast, ahead: result.ahead, etaSec: result.etaSec } : result
    return { ticket: ticketView(result.ticket, document.timezone, wait), created: result.created }
  }

  async issueBooked(hall: string, input: BookedIssueInput): Promise<{ ticket: TicketApiView; created: boolean }> {
    const { document, runtime } = await this.halls.load(hall)
    if (!Object.hasOwn(runtime.services, input.service)) {
      throw new QmsError('QMS_ERR_SERVICE_NOT_FOUND', `unknown service "${input.service}"`, { service: input.service })
    }
    const now = this.now()
    const result = await this.store.issue(hall, {
      service: input.service,
      priorityClass: input.priorityClass,
      idempotencyKey: input.idempotencyKey,
      ...(input.person && { person: input.person }),
      orderAt: input.orderAt,
      reserved: true,
      date: businessDate(document.timezone, now),
      ticketId: newTicketId(),
      now,
    })
    return { ticket: ticketView(result.ticket, document.timezone, result), created: result.created }
  }

  /** The stored ticket (with its wait); QMS_ERR_TICKET_NOT_FOUND when unknown. */
  async findTicket(hall: string, id: string): Promise<TicketView> {
    await this.halls.load(hall) // unknown hall → 404 hall, before looking for the ticket
    const t = await this.store.getTicket(hall, id)
    if (!t) throw new QmsError('QMS_ERR_TICKET_NOT_FOUND', 'ticket not found', { ticket: id })
    return t
  }

  async getTicket(hall: string, id: string): Promise<TicketApiView> {
    const t = await this.findTicket(hall, id)
    const { document } = await this.halls.load(hall)
    return ticketView(t, document.timezone, this.currentWait(hall, t))
  }

  /** The predictor's current forecast when it has this ticket, else the store's estimate. */
  private currentWait(hall: string, t: TicketView): WaitFigures {
    if (t.status !== 'waiting' || !this.forecasts) return t
    const eta = this.forecasts.ticket(hall, t.id, this.now())
    return eta ? { ...eta, ahead: t.ahead } : t
  }

  async callNext(
    hall: string,
    window: string,
  ): Promise<{ ticket: TicketApiView | null; completed: TicketApiView | null }> {
    const { document } = await this.halls.load(hall)
    const r = await this.store.callNext(hall, window, { now: this.now() })
    return {
      ticket: r.ticket ? ticketView(r.ticket, document.timezone) : null,
      completed: r.completed ? ticketView(r.completed, document.timezone) : null,
    }
  }

  async recall(hall: string, window: string): Promise<TicketApiView> {
    const { document } = await this.halls.load(hall)
    return ticketView(await this.store.recall(hall, window, { now: this.now() }), document.timezone)
  }

  async act(hall: string, id: string, action: TicketAction, outcome?: string): Promise<TicketApiView> {
    await this.halls.load(hall)
    const ctx = { now: this.now() }
    const t =
      action === 'complete'
        ? await this.store.complete(hall, id, outcome === undefined ? ctx : { ...ctx, outcome })
        : await this.store[action](hall, id, ctx)
    return this.render(hall, t)
  }

  async transfer(hall: string, id: string, target: TransferTarget): Promise<TicketApiView> {
    await this.halls.load(hall)
    return this.render(hall, await this.store.transfer(hall, id, target, { now: this.now() }))
  }

  async setWindow(hall: string, window: string, status: WindowStatus, reason?: string): Promise<WindowApiView> {
    const { document } = await this.halls.load(hall)
    const ctx = reason === undefined ? { now: this.now() } : { now: this.now(), reason }
    const w = await this.store.setWindowStatus(hall, window, status, ctx)
    const current = w.current ? await this.store.getTicket(hall, w.current) : null
    return windowView(w, document, current ? summaryOf(current) : null)
  }

  async state(hall: string): Promise<StateApiView> {
    const { document } = await this.halls.load(hall)
    const snapshot = await this.store.snapshot(hall, { now: this.now() })
    return stateView(snapshot, document, this.forecasts?.services(hall) ?? null)
  }

  /** A ticket back in a queue shows its new place; others show no wait. */
  private async render(hall: string, t: Ticket): Promise<TicketApiView> {
    const { document } = await this.halls.load(hall)
    if (t.status !== 'waiting') return ticketView(t, document.timezone)
    const fresh = await this.store.getTicket(hall, t.id)
    return fresh
      ? ticketView(fresh, document.timezone, this.currentWait(hall, fresh))
      : ticketView(t, document.timezone)
  }
}
