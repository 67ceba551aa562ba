// Follow-up cases of bad ratings (差评整改), for admins and the hall's managers: list (also only
// the overdue ones: the alarm), read with notes, move through the states, add notes, set the owner.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import { Type } from 'typebox'
import type { Database } from '../../db/schema.ts'
import { hallsInSubtree } from '../../db/repos/org-units.ts'
import { CASE_STATES } from '../../evaluation/case-states.ts'
import { CaseService } from '../../evaluation/case-service.ts'
import { mayManageHalls } from '../../stats/access.ts'
import { principalOf } from '../auth.ts'
import { bearer, errorResponses, HallParams, Id } from '../schemas/common.ts'

export interface CaseRoutesOptions {
  db: Kysely<Database>
  now?: () => number
}

const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
const NullableString = Type.Union([Type.String(), Type.Null()])

const Case = Type.Object({
  id: Type.String(),
  hall: Type.String(),
  ticket: Type.String(),
  number: Type.String(),
  businessDate: Type.String(),
  service: Type.String(),
  window: NullableString,
  grade: Type.Integer(),
  status: Type.String(),
  owner: NullableString,
  openedAt: Type.Integer(),
  dueDate: Type.String(),
  dueAt: Type.Integer(),
  closedAt: Type.Union([Type.Integer(), Type.Null()]),
  resolution: NullableString,
  overdue: Type.Boolean(),
  closedOnTime: Type.Union([Type.Boolean(), Type.Null()]),
  next: Type.Array(Type.String()),
})
const Note = Type.Object({
  at: Type.Integer(),
  tokenId: NullableString,
  from: NullableString,
  to: NullableString,
  text: NullableString,
})

const CaseParams = Type.Object({ hall: Id, case: Id })
const ListQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum([...CASE_STATES])),
    overdue: Type.Optional(Type.Boolean({ description: 'only cases past their deadline and not closed (the alarm)' })),
    from: Type.Optional(DateString),
    to: Type.Optional(DateString),
  },
  { additionalProperties: false },
)

export async function caseRoutes(root: FastifyInstance, opts: CaseRoutesOptions): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  const cases = new CaseService(opts.db, opts.now ?? Date.now)
  const common = { preHandler: app.authenticate, tags: ['cases'], security: bearer }

  app.get(
    '/halls/:hall/cases',
    {
      preHandler: common.preHandler,
      schema: {
        summary: 'Follow-up cases of a hall (admin, manager); ?overdue=true lists the overdue ones',
        tags: common.tags,
        security: common.security,
        params: HallParams,
        querystring: ListQuery,
        response: { 200: Type.Object({ items: Type.Array(Case) }), ...errorResponses },
      },
    },
    async (request) => {
      mayManageHalls(principalOf(request), [request.params.hall])
      return { items: await cases.list([request.params.hall], request.query) }
    },
  )

  app.get(
    '/org-units/:unit/cases',
    {
      preHandler: common.preHandler,
      schema: {
        summary: 'Follow-up cases of every hall under an org unit (admin, manager of them all)',
        tags: common.tags,
        security: common.security,
        params: Type.Object({ unit: Id }),
        querystring: ListQuery,
        response: {
          200: Type.Object({ halls: Type.Array(Type.String()), items: Type.Array(Case) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const halls = await hallsInSubtree(opts.db, request.params.unit)
      mayManageHalls(principalOf(request), halls)
      return { halls, items: await cases.list(halls, request.query) }
    },
  )

  app.get(
    '/halls/:hall/cases/:case',
    {
      preHandler: common.preHandler,
      schema: {
        summary: 'A follow-up case with its notes (admin, manager)',
        tags: common.tags,
        security: common.security,
        params: CaseParams,
        response: { 200: Type.Object({ case: Case, notes: Type.Array(Note) }), ...errorResponses },
      },
    },
    async (request) => {
      mayManageHalls(principalOf(request), [request.params.hall])
      return cases.get(request.params.hall, request.params.case)
    },
  )

  app.post(
    '/halls/:hall/cases/:case/transition',
    {
      preHandler: common.preHandler,
      schema: {
        summary: 'Move a case: open → contacted → rectified / explained → closed, or → appealed → reviewed',
        tags: common.tags,
        security: common.security,
        params: CaseParams,
        body: Type.Object(
          { to: Type.Enum([...CASE_STATES]), note: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ case: Case }), ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request)
      mayManageHalls(p, [request.params.hall])
      const { to, note } = request.body
      return { case: await cases.move(request.params.hall, request.params.case, to, p.tokenId, note ?? null) }
    },
  )

  app.post(
    '/halls/:hall/cases/:case/notes',
    {
      preHandler: common.preHandler,
      schema: {
        summary: 'Add a note to a case, optionally (re)assigning its owner',
        tags: common.tags,
        security: common.security,
        params: CaseParams,
        body: Type.Object(
          {
            text: Type.String({ minLength: 1, maxLength: 2000 }),
            owner: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ case: Case }), ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request)
      mayManageHalls(p, [request.params.hall])
      const { text, owner } = request.body
      return { case: await cases.note(request.params.hall, request.params.case, p.tokenId, text, owner) }
    },
  )
}
