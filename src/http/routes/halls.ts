// Hall documents and hall state.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { HallDocumentSchema } from '../../config/hall-schema.ts'
import { principalOf } from '../auth.ts'
import { mayConfigure, mayRead } from '../guards.ts'
import { bearer, errorResponses, HallParams } from '../schemas/common.ts'
import { HallState } from '../schemas/window.ts'

/** Hall documents can be long (hundreds of windows and devices); other bodies stay small. */
export const HALL_DOCUMENT_LIMIT = 1024 * 1024

export async function hallRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()

  app.put(
    '/halls/:hall',
    {
      bodyLimit: HALL_DOCUMENT_LIMIT,
      preHandler: app.authenticate,
      schema: {
        summary: 'Create or replace a hall document (admin, manager of the hall)',
        tags: ['halls'],
        security: bearer,
        params: HallParams,
        body: HallDocumentSchema,
        response: { 200: HallDocumentSchema, 201: HallDocumentSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { hall } = request.params
      const principal = principalOf(request)
      mayConfigure(principal, hall)
      const stored = await app.halls.configure(hall, request.body, principal.tokenId)
      request.log.info({ hall, version: stored.version, created: stored.created }, 'hall configured')
      return reply
        .code(stored.created ? 201 : 200)
        .header('etag', `"${stored.version}"`)
        .send(stored.document)
    },
  )

  app.get(
    '/halls/:hall',
    {
      preHandler: app.authenticate,
      schema: {
        summary: 'The hall document, defaults filled in',
        tags: ['halls'],
        security: bearer,
        params: HallParams,
        response: { 200: HallDocumentSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { hall } = request.params
      mayRead(principalOf(request), hall)
      const loaded = await app.halls.load(hall)
      return reply.header('etag', `"${loaded.version}"`).send(loaded.document)
    },
  )

  app.get(
    '/halls/:hall/state',
    {
      preHandler: app.authenticate,
      schema: {
        summary: 'Windows (status, current ticket) and services (waiting, estimated wait)',
        tags: ['halls'],
        security: bearer,
        params: HallParams,
        response: { 200: HallState, ...errorResponses },
      },
    },
    async (request) => {
      const { hall } = request.params
      mayRead(principalOf(request), hall)
      return app.queue.state(hall)
    },
  )
}
