// Queue operations on one in-memory hall. Each validates everything before it mutates anything,
// and returns what happened plus the events to append (numbered by the store).
import { QmsError } from '../../domain/errors.ts'
import { ticketEvent, type PendingEvent } from '../../domain/events.ts'
import { formatTicketNumber } from '../../domain/numbering.ts'
import { selectNext, type Candidate } from '../../domain/select.ts'
import { canApply, isActive, type TicketOperation } from '../../domain/transitions.ts'
import { NORMAL_CLASS, type QueueId, type Ticket } from '../../domain/types.ts'
import type { CallResult, IssueRequest, IssueResult, TransferTarget } from '../port.ts'
import type { MemoryHall } from './memory-hall.ts'

export interface Outcome<T> {
  result: T
  events: PendingEvent[]
}

export function requireTransition(t: Ticket, op: TicketOperation): void {
  if (!canApply(op, t.status)) {
    throw new QmsError('QMS_ERR_INVALID_TRANSITION', `ticket ${t.number} is ${t.status}; cannot ${op}`, {
      status: t.status,
    })
  }
}

export function issue(h: MemoryHall, req: IssueRequest): Outcome<IssueResult> {
  const svc = h.runtime.services[req.service]
  if (!svc) throw new QmsError('QMS_ERR_SERVICE_NOT_FOUND', `service ${req.service} not found in hall ${h.hall}`)
  const cls = req.priorityClass ?? NORMAL_CLASS
  const band = h.band(cls)
  const idemKey = req.idempotencyKey ? `${req.date}|${req.idempotencyKey}` : null
  const known = idemKey ? h.idempotency.get(idemKey) : undefined
  if (known) {
    if (known.service !== req.service || known.cls !== cls) {
      throw new QmsError('QMS_ERR_IDEMPOTENCY_CONFLICT', 'idempotency key already used for another service or class')
    }
    const t = h.ticket(known.id)
    const ahead = h.ahead(t)
    return { result: { ticket: { ...t }, ahead, etaSec: h.eta(t, ahead), created: false }, events: [] }
  }
  const personKey = req.person ? `${req.date}|${req.service}|${req.person.key}` : null
  const held = personKey ? h.tickets.get(h.persons.get(personKey) ?? '') : undefined
  if (held && isActive(held.status)) {
    throw new QmsError(
      'QMS_ERR_DUPLICATE_TICKET',
      `this person already holds an active ticket for service ${req.service}`,
    )
  }
  const counterKey = `${req.date}|${req.service}`
  const seq = (h.counters.get(counterKey) ?? 0) + 1
  if (svc.dailyLimit !== null && seq > svc.dailyLimit && !req.reserved) {
    throw new QmsError('QMS_ERR_DAILY_LIMIT', `service ${req.service} has reached its daily limit of ${svc.dailyLimit}`)
  }
  const orderAt = req.orderAt ?? req.now
  const target = h.targetQueue(req.service)
  const ahead = h.queue(target.queue).countBefore({ id: req.ticketId, band, orderAt })
  const t: Ticket = {
    id: req.ticketId,
    hall: h.hall,
    number: formatTicketNumber(svc.prefix, seq, svc.digits),
    service: req.service,
    class: cls,
    status: 'waiting',
    issuedAt: req.now,
    orderAt,
    date: req.date,
    queue: null,
    window: target.window,
    calledAt: null,
    startedAt: null,
    finishedAt: null,
    recalls: 0,
    requeues: 0,
    transfers: 0,
    rule: null,
    outcome: null,
    aheadAtIssue: ahead,
    etaAtIssueSec: 0,
  }
  if (req.person) t.holder = req.person.mask
  t.etaAtIssueSec =
    req.etaSec !== undefined ? Math.max(0, Math.round(req.etaSec)) : h.eta({ ...t, queue: target.queue }, ahead)
  h.counters.set(counterKey, seq)
  if (personKey) h.persons.set(personKey, t.id)
  if (idemKey) h.idempotency.set(idemKey, { id: t.id, service: req.service, cls })
  h.tickets.set(t.id, t)
  h.enqueue(t, target.queue)
  const events = [ticketEvent('ticket.issued', t, req.now, { issuedAt: t.issuedAt, ahead, etaSec: t.etaAtIssueSec })]
  return { result: { ticket: { ...t }, ahead, etaSec: t.etaAtIssueSec, created: true }, events }
}

export function callNext(h: MemoryHall, windowId: string, now: number): Outcome<CallResult> {
  const w = h.window(windowId)
  if (w.status !== 'open') {
    throw new QmsError('QMS_ERR_WINDOW_NOT_OPEN', `window ${windowId} is ${w.status}`, { status: w.status })
  }
  const runtime = h.runtime.windows[windowId]!
  const events: PendingEvent[] = []
  const completed = h.completeCurrent(w, now, events, { auto: true })
  const candidates: Candidate[] = []
  const collect = (queue: QueueId, service: string | null): void => {
    for (const e of h.queue(queue).heads())
      candidates.push({ queue, service, band: e.band, orderAt: e.orderAt, ticketId: e.id })
  }
  collect(`w:${windowId}`, null)
  for (const s of runtime.services) collect(`s:${s}`, s)
  const chosen = selectNext({
    window: windowId,
    services: runtime.services,
    policy: runtime.policy,
    normalBand: h.runtime.classBands.length - 1,
    consecutivePriority: w.consecutivePriority,
    now,
    candidates,
  })
  if (!chosen) return { result: { ticket: null, completed: completed && { ...completed } }, events }
  const t = h.ticket(chosen.candidate.ticketId)
  h.dequeue(t)
  t.status = 'called'
  t.window = windowId
  t.calledAt = now
  t.rule = chosen.rule
  w.current = t.id
  w.consecutivePriority = chosen.consecutivePriority
  events.push(ticketEvent('ticket.called', t, now, { rule: chosen.rule }))
  return { result: { ticket: { ...t }, completed: completed && { ...completed } }, events }
}

export function transfer(h: MemoryHall, t: Ticket, target: TransferTarget, now: number): PendingEvent[] {
  requireTransition(t, 'transfer')
  const from = t.queue ?? (t.window ? `w:${t.window}` : null)
  let queue: QueueId
  let window: string | null
  let service = t.service
  if ('service' in target) {
    if (!h.runtime.services[target.service]) {
      throw new QmsError('QMS_ERR_SERVICE_NOT_FOUND', `service ${target.service} not found in hall ${h.hall}`)
    }
    service = target.service
    ;({ queue, window } = h.targetQueue(service))
  } else {
    h.window(target.window)
    queue = `w:${target.window}`
    window = target.window
  }
  if (t.status === 'waiting' && t.queue === queue) {
    throw new QmsError('QMS_ERR_INVALID_TRANSITION', `ticket ${t.number} already waits in ${queue}`, {
      status: t.status,
    })
  }
  h.leaveWindow(t)
  h.dequeue(t)
  t.service = service
  t.window = window
  t.calledAt = null
  t.startedAt = null
  t.transfers += 1
  h.enqueue(t, queue)
  return [ticketEvent('ticket.transferred', t, now, { from, to: queue })]
}

/** start, complete, noShow, hold, resume, requeue, cancel: one ticket, one event. */
export function changeTicket(
  h: MemoryHall,
  t: Ticket,
  op: Exclude<TicketOperation, 'transfer'>,
  now: number,
  outcome?: string,
): PendingEvent[] {
  requireTransition(t, op)
  switch (op) {
    case 'start':
      t.status = 'serving'
      t.startedAt = now
      return [ticketEvent('ticket.started', t, now)]
    case 'complete':
      h.leaveWindow(t)
      t.status = 'done'
      t.outcome = outcome ?? 'completed'
      t.finishedAt = now
      return [ticketEvent('ticket.done', t, now, { outcome: t.outcome })]
    case 'noShow':
      h.leaveWindow(t)
      t.status = 'no_show'
      t.finishedAt = now
      return [ticketEvent('ticket.no_show', t, now)]
    case 'hold':
      h.leaveWindow(t)
      t.status = 'held'
      return [ticketEvent('ticket.held', t, now)]
    case 'resume':
      return resume(h, t, now)
    case 'requeue':
      return requeue(h, t, now)
    case 'cancel':
      h.leaveWindow(t)
      h.dequeue(t)
      t.status = 'cancelled'
      t.finishedAt = now
      return [ticketEvent('ticket.cancelled', t, now)]
  }
}

function resume(h: MemoryHall, t: Ticket, now: number): PendingEvent[] {
  const w = h.window(t.window!)
  if (w.status !== 'open')
    throw new QmsError('QMS_ERR_WINDOW_NOT_OPEN', `window ${w.id} is ${w.status}`, { status: w.status })
  if (w.current) throw new QmsError('QMS_ERR_WINDOW_BUSY', `window ${w.id} is serving another ticket`)
  w.current = t.id
  t.status = 'called'
  t.calledAt = now
  return [ticketEvent('ticket.resumed', t, now)]
}

function requeue(h: MemoryHall, t: Ticket, now: number): PendingEvent[] {
  const rules = h.runtime.rules
  if (rules.noShowRequeue === 'none' || t.requeues >= rules.maxRequeues) {
    throw new QmsError('QMS_ERR_REQUEUE_NOT_ALLOWED', `ticket ${t.number} may not be re-queued`)
  }
  if (!h.runtime.services[t.service]) {
    throw new QmsError('QMS_ERR_SERVICE_NOT_FOUND', `service ${t.service} is no longer offered`)
  }
  if (rules.noShowRequeue === 'tail') t.orderAt = now
  const { queue, window } = h.targetQueue(t.service)
  t.window = window
  t.requeues += 1
  t.finishedAt = null
  t.calledAt = null
  h.enqueue(t, queue)
  return [ticketEvent('ticket.requeued', t, now, { mode: rules.noShowRequeue })]
}
