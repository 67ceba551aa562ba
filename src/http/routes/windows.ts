// Window actions: call the next ticket, recall (re-announce) the current one, open/pause/close.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import type { WindowStatus } from '../../domain/types.ts'
import { principalOf } from '../auth.ts'
import { mayOperateWindow } from '../guards.ts'
import { bearer, errorResponses, HallWindowParams, NoBody } from '../schemas/common.ts'
import { CallNextAnswer, TicketEnvelope } from '../schemas/ticket.ts'
import { PauseBody, WindowEnvelope } from '../schemas/window.ts'
import { Type } from 'typebox'

const STATUS_ROUTES: Record<string, { status: WindowStatus; summary: string }> = {
  open: { status: 'open', summary: 'Open the window (it starts calling)' },
  pause: { status: 'paused', summary: 'Pause an open window (optional reason)' },
  close: { status: 'closed', summary: 'Close the window (its own queue moves to other windows)' },
}

export async function windowRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  const common = { preHandler: app.authenticate }

  app.post(
    '/halls/:hall/windows/:window/call-next',
    {
      ...common,
      schema: {
        summary: 'Call the next ticket (ends the current one first). 204 when nothing waits.',
        tags: ['windows'],
        security: bearer,
        params: HallWindowParams,
        body: NoBody,
        response: {
          200: CallNextAnswer,
          204: Type.Null({ description: 'nothing waits for this window' }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { hall, window } = request.params
      mayOperateWindow(principalOf(request), hall, window)
      const { ticket, completed } = await app.queue.callNext(hall, window)
      if (ticket === null) return reply.code(204).send(null)
      request.log.info({ hall, window, ticket: ticket.id, number: ticket.number, rule: ticket.rule }, 'ticket called')
      return completed ? { ticket, completed } : { ticket }
    },
  )

  app.post(
    '/halls/:hall/windows/:window/recall',
    {
      ...common,
      schema: {
        summary: "Announce the window's current ticket again",
        tags: ['windows'],
        security: bearer,
        params: HallWindowParams,
        body: NoBody,
        response: { 200: TicketEnvelope, ...errorResponses },
      },
    },
    async (request) => {
      const { hall, window } = request.params
      mayOperateWindow(principalOf(request), hall, window)
      return { ticket: await app.queue.recall(hall, window) }
    },
  )

  for (const [segment, { status, summary }] of Object.entries(STATUS_ROUTES)) {
    app.post(
      `/halls/:hall/windows/:window/${segment}`,
      {
        ...common,
        schema: {
          summary,
          tags: ['windows'],
          security: bearer,
          params: HallWindowParams,
          body: status === 'paused' ? PauseBody : NoBody,
          response: { 200: WindowEnvelope, ...errorResponses },
        },
      },
      async (request) => {
        const { hall, window } = request.params
        mayOperateWindow(principalOf(request), hall, window)
        const reason = (request.body as { reason?: string } | undefined)?.reason
        const view = await app.queue.setWindow(hall, window, status, reason)
        request.log.info({ hall, window, status: view.status, reason }, 'window status')
        return { window: view }
      },
    )
  }
}
