// Ratings (好差评): the citizen rates a completed service once, from the window's evaluator
// (device token), the evaluator page (device token) or the mobile ticket page (no token: the
// unguessable ticket id is the key). Staff tokens may not rate. Managers list ratings.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import { Type } from 'typebox'
import type { Database } from '../../db/schema.ts'
import { getEvaluation } from '../../db/repos/evaluations.ts'
import type { EvaluationRow } from '../../db/tables/evaluations.table.ts'
import { EvaluationService } from '../../evaluation/evaluation-service.ts'
import { evaluationSettings } from '../../evaluation/settings.ts'
import { COMMENT_MAX } from '../../evaluation/rating-rules.ts'
import { mayManageHalls } from '../../stats/access.ts'
import { principalOf } from '../auth.ts'
import { bearer, errorResponses, HallParams, HallTicketParams, Id } from '../schemas/common.ts'

export interface RatingRoutesOptions {
  db: Kysely<Database>
  now?: () => number
}

const RatingBody = Type.Object(
  {
    grade: Type.Integer({
      minimum: 1,
      maximum: 5,
      description: '5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意',
    }),
    reasons: Type.Optional(
      Type.Array(Id, { maxItems: 20, description: 'required for grades 2 and 1 (ids from the hall)' }),
    ),
    comment: Type.Optional(Type.String({ maxLength: COMMENT_MAX, description: 'optional, for grades 2 and 1' })),
  },
  { additionalProperties: false },
)

const Reason = Type.Object({ id: Type.String(), name: Type.String(), nameEn: Type.Optional(Type.String()) })

const Rating = Type.Object({
  ticket: Type.String(),
  number: Type.String(),
  service: Type.String(),
  window: Type.Union([Type.String(), Type.Null()]),
  grade: Type.Integer(),
  reasons: Type.Array(Type.String()),
  comment: Type.Union([Type.String(), Type.Null()]),
  channel: Type.String(),
  ratedAt: Type.Integer(),
})

const RatingAnswer = Type.Object({
  rating: Rating,
  case: Type.Union([Type.Object({ id: Type.String(), dueDate: Type.String(), dueAt: Type.Integer() }), Type.Null()]),
})

const RatingState = Type.Object({
  rated: Type.Boolean(),
  grade: Type.Union([Type.Integer(), Type.Null()]),
  canRate: Type.Boolean({ description: 'completed, not rated, and within the rating time' }),
  until: Type.Union([Type.Integer(), Type.Null()], { description: 'epoch ms when rating closes' }),
  reasons: Type.Array(Reason),
})

const ratingView = (r: EvaluationRow) => ({
  ticket: r.ticket_id,
  number: r.number,
  service: r.service_id,
  window: r.window_id,
  grade: r.grade,
  reasons: r.reasons,
  comment: r.comment,
  channel: r.channel,
  ratedAt: r.rated_at.getTime(),
})

export async function ratingRoutes(root: FastifyInstance, opts: RatingRoutesOptions): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  const now = opts.now ?? Date.now
  const service = new EvaluationService({
    db: opts.db,
    store: app.store,
    loadDocument: async (hall) => (await app.halls.load(hall)).document,
    now,
  })

  app.post(
    '/halls/:hall/tickets/:ticket/rating',
    {
      preHandler: app.identify,
      schema: {
        summary: 'Rate a completed service once (evaluator device token, or no token: the ticket holder)',
        tags: ['evaluations'],
        security: [...bearer, {}],
        params: HallTicketParams,
        body: RatingBody,
        response: { 201: RatingAnswer, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { hall, ticket } = request.params
      const r = await service.rate(hall, ticket, request.body, request.principal)
      request.log.info(
        { hall, ticket, grade: r.evaluation.grade, channel: r.evaluation.channel, case: r.case?.id },
        'service rated',
      )
      const followUp = r.case && { id: r.case.id, dueDate: r.case.due_date, dueAt: r.case.due_at.getTime() }
      return reply.code(201).send({ rating: ratingView(r.evaluation), case: followUp })
    },
  )

  app.get(
    '/halls/:hall/tickets/:ticket/rating',
    {
      schema: {
        summary: 'Whether the ticket can still be rated, and the reasons to offer (no token: the id is the key)',
        tags: ['evaluations'],
        params: HallTicketParams,
        response: { 200: RatingState, ...errorResponses },
      },
    },
    async (request) => {
      const { hall, ticket } = request.params
      const { document } = await app.halls.load(hall)
      const settings = evaluationSettings(document)
      const t = await service.findTicket(hall, ticket)
      const done = await getEvaluation(opts.db, hall, t.id)
      const until = t.status === 'done' && t.finishedAt !== null ? t.finishedAt + settings.ratingMinutes * 60_000 : null
      return {
        rated: done !== null,
        grade: done?.grade ?? null,
        canRate: done === null && until !== null && now() <= until,
        until,
        reasons: settings.reasons,
      }
    },
  )

  app.get(
    '/halls/:hall/evaluations',
    {
      preHandler: app.authenticate,
      schema: {
        summary: 'Ratings of a range of business dates (admin, manager)',
        tags: ['evaluations'],
        security: bearer,
        params: HallParams,
        querystring: Type.Object(
          {
            from: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
            to: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
            bad: Type.Optional(Type.Boolean({ description: 'only 不满意 and 非常不满意' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ hall: Type.String(), items: Type.Array(Rating) }), ...errorResponses },
      },
    },
    async (request) => {
      const { hall } = request.params
      mayManageHalls(principalOf(request), [hall])
      let q = opts.db
        .selectFrom('evaluations')
        .selectAll()
        .where('hall_id', '=', hall)
        .where('business_date', '>=', request.query.from)
        .where('business_date', '<=', request.query.to)
      if (request.query.bad) q = q.where('grade', '<=', 2)
      const rows = await q.orderBy('rated_at').limit(5000).execute()
      return { hall, items: rows.map(ratingView) }
    },
  )
}
