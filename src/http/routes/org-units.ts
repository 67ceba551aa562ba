// The organisation tree over HTTP (province → city → county → street → community): admins build it
// and attach halls; a manager token for a unit covers every hall under it. The token's halls are
// resolved when it is minted (one indexed prefix query), so the live path never asks Postgres who
// may act; a hall attached later needs a new token for that unit.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import { Type } from 'typebox'
import { hashSecret } from '../../auth/authenticate.ts'
import type { TokenRecord } from '../../auth/token-store.ts'
import { newTokenId, newTokenSecret } from '../../core/ids.ts'
import { createOrgUnit, getOrgUnit, hallsInSubtree } from '../../db/repos/org-units.ts'
import { setHallOrgUnit } from '../../db/repos/halls.ts'
import type { Database } from '../../db/schema.ts'
import { QmsError } from '../../domain/errors.ts'
import { principalOf } from '../auth.ts'
import { bearer, errorResponses, Id } from '../schemas/common.ts'
import { tokenView } from './tokens.ts'

export interface OrgUnitRoutesOptions {
  db: Kysely<Database>
  now?: () => number
}

const UnitParams = Type.Object({ unit: Id })
const NewUnit = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 64 }),
    kind: Type.Union(['province', 'city', 'county', 'street', 'community', 'other'].map((k) => Type.Literal(k))),
    parent: Type.Optional(Id),
  },
  { additionalProperties: false },
)
const ManagerToken = Type.Object(
  {
    label: Type.Optional(Type.String({ maxLength: 64 })),
    expiresInSeconds: Type.Optional(Type.Integer({ minimum: 60, maximum: 366 * 86_400 })),
  },
  { additionalProperties: false },
)

const Any = Type.Object({}, { additionalProperties: true })
const ok = { 200: Any, 201: Any, ...errorResponses }

const adminOnly = (role: string): void => {
  if (role !== 'admin') throw new QmsError('QMS_ERR_FORBIDDEN', 'only an admin may change the organisation tree')
}

export async function orgUnitRoutes(root: FastifyInstance, opts: OrgUnitRoutesOptions): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  const { db } = opts
  const now = opts.now ?? Date.now
  const common = { preHandler: app.authenticate }

  app.post(
    '/org-units',
    {
      ...common,
      schema: {
        summary: 'Create an org unit (admin)',
        tags: ['org'],
        security: bearer,
        body: NewUnit,
        response: ok,
      },
    },
    async (request, reply) => {
      adminOnly(principalOf(request).role)
      const { id, name, kind, parent } = request.body
      if (await getOrgUnit(db, id)) throw new QmsError('QMS_ERR_CONFIG_CONFLICT', `org unit ${id} exists`)
      const row = await createOrgUnit(db, { id, name, kind, parentId: parent ?? null })
      return reply.code(201).send({ id: row.id, name: row.name, kind: row.kind, parent: row.parent_id })
    },
  )

  app.get(
    '/org-units/:unit',
    {
      ...common,
      schema: {
        summary: 'An org unit and every hall under it',
        tags: ['org'],
        security: bearer,
        params: UnitParams,
        response: ok,
      },
    },
    async (request) => {
      const { unit } = request.params
      const row = await getOrgUnit(db, unit)
      if (!row) throw new QmsError('QMS_ERR_NOT_FOUND', `org unit ${unit} not found`)
      const halls = await hallsInSubtree(db, unit)
      const p = principalOf(request)
      if (p.role !== 'admin' && !(p.role === 'manager' && p.halls !== '*' && halls.every((h) => p.halls.includes(h)))) {
        throw new QmsError('QMS_ERR_FORBIDDEN', `not a manager of every hall under ${unit}`)
      }
      return { id: row.id, name: row.name, kind: row.kind, parent: row.parent_id, halls }
    },
  )

  app.put(
    '/org-units/:unit/halls/:hall',
    {
      ...common,
      schema: {
        summary: 'Attach a hall to an org unit (admin)',
        tags: ['org'],
        security: bearer,
        params: Type.Object({ unit: Id, hall: Id }),
        response: ok,
      },
    },
    async (request) => {
      adminOnly(principalOf(request).role)
      const { unit, hall } = request.params
      if (!(await getOrgUnit(db, unit))) throw new QmsError('QMS_ERR_NOT_FOUND', `org unit ${unit} not found`)
      await setHallOrgUnit(db, hall, unit)
      return { unit, hall }
    },
  )

  app.post(
    '/org-units/:unit/manager-tokens',
    {
      ...common,
      schema: {
        summary: 'Mint a manager token for every hall under a unit (admin)',
        tags: ['org'],
        security: bearer,
        params: UnitParams,
        body: ManagerToken,
        response: ok,
      },
    },
    async (request, reply) => {
      const p = principalOf(request)
      adminOnly(p.role)
      const { unit } = request.params
      const halls = await hallsInSubtree(db, unit)
      if (halls.length === 0) throw new QmsError('QMS_ERR_NOT_FOUND', `org unit ${unit} has no halls`)
      const secret = newTokenSecret()
      const at = now()
      const ttl = request.body.expiresInSeconds
      const record: TokenRecord = {
        id: newTokenId(),
        hash: hashSecret(secret),
        role: 'manager',
        halls,
        label: request.body.label ?? `manager of ${unit}`,
        createdAt: at,
        expiresAt: ttl === undefined ? null : at + ttl * 1000,
        revokedAt: null,
      }
      await app.tokens.put(record)
      request.log.info({ token: record.id, unit, halls: halls.length, by: p.tokenId }, 'unit manager token created')
      return reply.code(201).send({ token: tokenView(record), secret, unit })
    },
  )
}
