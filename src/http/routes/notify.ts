// Remote-ticket notifications: the phone that holds a ticket id asks to be told when N people (or
// fewer) are ahead and when it is called. No token: the ticket id is the credential (as for
// reading the ticket). Register inside the /api/v1 scope:
//   apiPlugins: [async (api) => void (await api.register(notifyRoutes, { notifications }))]
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { QmsError } from '../../domain/errors.ts'
import { maskPhone, normalizePhone } from '../../identity/phone.ts'
import type { Notifications } from '../../notify/notifications.ts'
import { errorResponses, HallTicketParams } from '../schemas/common.ts'

export const DEFAULT_AHEAD = 3
const ADDRESS = /^[A-Za-z0-9_+@.:-]{3,128}$/

const NotifyBody = Type.Object(
  {
    // No `pattern` here: a pattern error would repeat the value (a phone number) in the answer and the log.
    to: Type.String({
      minLength: 3,
      maxLength: 128,
      description:
        'the recipient for the gateway: a mobile number (SMS) or an id such as a WeChat openid (`[A-Za-z0-9_+@.:-]`); stored sealed',
    }),
    ahead: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 50,
        description: `notify at this many people ahead (default ${DEFAULT_AHEAD})`,
      }),
    ),
  },
  { additionalProperties: false },
)

const NotifyAnswer = Type.Object({
  ticket: Type.String(),
  ahead: Type.Integer(),
  to: Type.String({ description: 'masked' }),
})

const masked = (to: string): string => {
  const phone = normalizePhone(to)
  return phone ? maskPhone(phone) : `${to.slice(0, 3)}***${to.slice(-2)}`
}

export async function notifyRoutes(root: FastifyInstance, opts: { notifications: Notifications }): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()

  app.post(
    '/halls/:hall/tickets/:ticket/notify',
    {
      schema: {
        summary: 'Be notified (SMS/WeChat through the gateway) when few people are ahead and when called',
        tags: ['tickets'],
        params: HallTicketParams,
        body: NotifyBody,
        response: { 201: NotifyAnswer, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { hall, ticket } = request.params
      await app.halls.load(hall)
      if (!ADDRESS.test(request.body.to)) {
        throw new QmsError('QMS_ERR_VALIDATION', 'body.to: only letters, digits and _ + @ . : - are allowed')
      }
      const ahead = request.body.ahead ?? DEFAULT_AHEAD
      await opts.notifications.register(hall, ticket, request.body.to, ahead)
      request.log.info({ hall, ticket, ahead }, 'notification requested')
      return reply.code(201).send({ ticket, ahead, to: masked(request.body.to) })
    },
  )

  app.delete(
    '/halls/:hall/tickets/:ticket/notify',
    {
      schema: {
        summary: 'Stop the notifications of a ticket',
        tags: ['tickets'],
        params: HallTicketParams,
        response: { 200: Type.Object({ ticket: Type.String(), removed: Type.Boolean() }), ...errorResponses },
      },
    },
    async (request) => {
      const { hall, ticket } = request.params
      await app.halls.load(hall)
      return { ticket, removed: await opts.notifications.unregister(hall, ticket) }
    },
  )
}
