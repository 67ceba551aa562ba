// History API over the Postgres archive: a hall's tickets of a business date (paged or as CSV)
// and its archived events after a seq. Admins, and managers of the hall, only.
// Register inside the /api/v1 scope: `api.register(historyPlugin, { db })`.
import { Readable } from 'node:stream'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import { Type } from 'typebox'
import { ticketsCsv } from '../../archive/tickets-csv.ts'
import { coversHall } from '../../auth/principal.ts'
import type { Database } from '../../db/schema.ts'
import { listHistoryEvents, listHistoryTickets } from '../../db/repos/history.ts'
import { QmsError } from '../../domain/errors.ts'
import { principalOf } from '../auth.ts'
import { bearer, errorResponses, HallParams } from '../schemas/common.ts'

export interface HistoryPluginOptions {
  db: Kysely<Database>
}

const DateQuery = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'business date YYYY-MM-DD (hall-local)',
})
const Nullable = <T extends ReturnType<typeof Type.Integer> | ReturnType<typeof Type.String>>(t: T) =>
  Type.Union([t, Type.Null()])

const HistoryTicket = Type.Object({
  id: Type.String(),
  number: Type.String(),
  service: Type.String(),
  class: Type.String(),
  businessDate: Type.String(),
  status: Type.String(),
  outcome: Nullable(Type.String()),
  window: Nullable(Type.String()),
  rule: Nullable(Type.String()),
  issuedAt: Nullable(Type.Integer()),
  calledAt: Nullable(Type.Integer()),
  startedAt: Nullable(Type.Integer()),
  finishedAt: Nullable(Type.Integer()),
  expiredAt: Nullable(Type.Integer()),
  waitSec: Nullable(Type.Integer()),
  serviceSec: Nullable(Type.Integer()),
  recalls: Type.Integer(),
  requeues: Type.Integer(),
  transfers: Type.Integer(),
  aheadAtIssue: Nullable(Type.Integer()),
  etaAtIssueSec: Nullable(Type.Integer()),
})

const TicketPage = Type.Object({
  hall: Type.String(),
  date: Type.String(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  total: Type.Integer(),
  items: Type.Array(HistoryTicket),
})

const EventPage = Type.Object({
  hall: Type.String(),
  events: Type.Array(
    Type.Object({ seq: Type.Integer(), type: Type.String(), at: Type.Integer() }, { additionalProperties: true }),
  ),
  next: Type.Integer({ description: 'pass as `since` for the following page' }),
})

/** History is for admins and the hall's managers (a manager's halls: their org subtree). */
function mayReadHistory(request: FastifyRequest, hall: string): void {
  const p = principalOf(request)
  if (p.role === 'admin' || (p.role === 'manager' && coversHall(p, hall))) return
  throw new QmsError('QMS_ERR_FORBIDDEN', `only admins and managers of hall "${hall}" read its history`)
}

export const historyPlugin: FastifyPluginAsync<HistoryPluginOptions> = async (root, opts) => {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  const { db } = opts

  app.get(
    '/halls/:hall/tickets',
    {
      preHandler: app.authenticate,
      schema: {
        summary: 'Archived tickets of a business date, in issue order (admin, manager)',
        tags: ['history'],
        security: bearer,
        params: HallParams,
        querystring: Type.Object(
          {
            date: DateQuery,
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: TicketPage, ...errorResponses },
      },
    },
    async (request) => {
      const { hall } = request.params
      mayReadHistory(request, hall)
      const { date, page = 1, pageSize = 50 } = request.query
      const result = await listHistoryTickets(db, { hall, date, page, pageSize })
      return { hall, date, page, pageSize, ...result }
    },
  )

  app.get(
    '/halls/:hall/tickets.csv',
    {
      preHandler: app.authenticate,
      schema: {
        summary: 'Archived tickets of a business date as CSV (UTF-8 with BOM) (admin, manager)',
        tags: ['history'],
        security: bearer,
        params: HallParams,
        querystring: Type.Object({ date: DateQuery }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const { hall } = request.params
      mayReadHistory(request, hall)
      const { date } = request.query
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${hall}-${date}.csv"`)
        .send(Readable.from(ticketsCsv(db, hall, date)))
    },
  )

  app.get(
    '/halls/:hall/events',
    {
      preHandler: app.authenticate,
      schema: {
        summary: 'Archived events with seq > since, oldest first (admin, manager: audit trail)',
        tags: ['history'],
        security: bearer,
        params: HallParams,
        querystring: Type.Object(
          {
            since: Type.Optional(Type.Integer({ minimum: 0 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: EventPage, ...errorResponses },
      },
    },
    async (request) => {
      const { hall } = request.params
      mayReadHistory(request, hall)
      const { since = 0, limit = 100 } = request.query
      const events = await listHistoryEvents(db, hall, since, limit)
      return { hall, events, next: events.length ? events[events.length - 1]!.seq : since }
    },
  )
}
