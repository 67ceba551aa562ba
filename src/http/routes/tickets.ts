// Tickets: issue (kiosks, staff, and the public when the hall allows it), read by id (no token:
// the id is the secret), and the actions staff take on them.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import type { TicketAction } from '../../core/queue-service.ts'
import { QmsError } from '../../domain/errors.ts'
import { principalOf } from '../auth.ts'
import { mayActOnTicket, mayIssue } from '../guards.ts'
import type { IssueLimiter } from '../rate-limit.ts'
import { bearer, errorResponses, HallParams, HallTicketParams, NoBody } from '../schemas/common.ts'
import { CompleteBody, IssueBody, IssueHeaders, Ticket, TicketEnvelope, TransferBody } from '../schemas/ticket.ts'

/** URL segment → store operation. */
const ACTIONS: Record<string, { action: TicketAction; summary: string }> = {
  start: { action: 'start', summary: 'called → serving' },
  complete: { action: 'complete', summary: 'called/serving → done (optional outcome)' },
  'no-show': { action: 'noShow', summary: 'called → no_show' },
  cancel: { action: 'cancel', summary: 'waiting/called/held/no_show → cancelled' },
  hold: { action: 'hold', summary: 'called/serving → held (parked at its window)' },
  resume: { action: 'resume', summary: 'held → called again at its window' },
  requeue: { action: 'requeue', summary: 'no_show → waiting (as the hall rules allow)' },
}

export async function ticketRoutes(root: FastifyInstance, opts: { limitPublicIssue: IssueLimiter }): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()

  app.post(
    '/halls/:hall/tickets',
    {
      preHandler: app.identify,
      schema: {
        summary: 'Issue a ticket. No token needed when the hall allows public issuing (rate-limited).',
        tags: ['tickets'],
        security: [...bearer, {}],
        params: HallParams,
        headers: IssueHeaders,
        body: IssueBody,
        response: { 200: Ticket, 201: Ticket, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { hall } = request.params
      const p = request.principal
      if (p !== null) mayIssue(p, hall)
      else {
        const { document } = await app.halls.load(hall)
        if (!document.publicIssuing)
          throw new QmsError('QMS_ERR_UNAUTHORIZED', 'this hall issues tickets only at its kiosks and counters')
        if (
          request.body.priority !== undefined &&
          request.body.priority !== false &&
          request.body.priority !== 'normal'
        ) {
          throw new QmsError(
            'QMS_ERR_FORBIDDEN',
            '优先号请到服务台或自助机领取 / priority tickets are issued at the desk or a kiosk',
          )
        }
        await opts.limitPublicIssue(request, reply, hall)
      }
      const key = request.headers['idempotency-key']
      const { ticket, created } = await app.queue.issue(hall, {
        service: request.body.service,
        priority: request.body.priority,
        // Keys are scoped to the caller, so a guessed key never returns someone else's ticket.
        ...(key !== undefined && { idempotencyKey: `${p?.tokenId ?? 'public'}:${key}` }),
        person: app.identity.resolve(request.body.identity),
        channel: p === null ? 'public' : p.role === 'device' ? 'kiosk' : 'staff',
      })
      if (created)
        request.log.info({ hall, ticket: ticket.id, number: ticket.number, service: ticket.service }, 'ticket issued')
      return reply.code(created ? 201 : 200).send(ticket)
    },
  )

  app.get(
    '/halls/:hall/tickets/:ticket',
    {
      schema: {
        summary: 'A ticket by id (no token: the id is unguessable)',
        tags: ['tickets'],
        params: HallTicketParams,
        response: { 200: Ticket, ...errorResponses },
      },
    },
    async (request) => app.queue.getTicket(request.params.hall, request.params.ticket),
  )

  for (const [segment, { action, summary }] of Object.entries(ACTIONS)) {
    app.post(
      `/halls/:hall/tickets/:ticket/${segment}`,
      {
        preHandler: app.authenticate,
        schema: {
          summary,
          tags: ['tickets'],
          security: bearer,
          params: HallTicketParams,
          body: action === 'complete' ? CompleteBody : NoBody,
          response: { 200: TicketEnvelope, ...errorResponses },
        },
      },
      async (request) => {
        const { hall, ticket: id } = request.params
        mayActOnTicket(principalOf(request), hall, await app.queue.findTicket(hall, id))
        const outcome = (request.body as { outcome?: string } | undefined)?.outcome
        const ticket = await app.queue.act(hall, id, action, outcome)
        request.log.info({ hall, ticket: id, number: ticket.number, action, status: ticket.status }, 'ticket changed')
        return { ticket }
      },
    )
  }

  app.post(
    '/halls/:hall/tickets/:ticket/transfer',
    {
      preHandler: app.authenticate,
      schema: {
        summary: "Send a ticket to another service's queue or to a window's own queue",
        tags: ['tickets'],
        security: bearer,
        params: HallTicketParams,
        body: TransferBody,
        response: { 200: TicketEnvelope, ...errorResponses },
      },
    },
    async (request) => {
      const { hall, ticket: id } = request.params
      mayActOnTicket(principalOf(request), hall, await app.queue.findTicket(hall, id))
      const ticket = await app.queue.transfer(hall, id, request.body)
      request.log.info({ hall, ticket: id, number: ticket.number, to: request.body }, 'ticket transferred')
      return { ticket }
    },
  )
}
