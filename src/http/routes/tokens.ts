// API tokens: admins mint any; managers mint clerk/display/device tokens for their own halls.
// The secret is returned once; only its sha256 is stored.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { hashSecret } from '../../auth/authenticate.ts'
import { assertMayCreate, assertMayList, canManageToken, grantOf } from '../../auth/token-policy.ts'
import type { TokenRecord } from '../../auth/token-store.ts'
import { newTokenId, newTokenSecret } from '../../core/ids.ts'
import { QmsError } from '../../domain/errors.ts'
import { principalOf } from '../auth.ts'
import { bearer, errorResponses, NoBody } from '../schemas/common.ts'
import { CreatedToken, CreateTokenBody, TokenParams, TokenView } from '../schemas/token.ts'
import { Type } from 'typebox'

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString())

export function tokenView(r: TokenRecord) {
  return {
    id: r.id,
    role: r.role,
    halls: r.halls,
    ...(r.windows && { windows: r.windows }),
    ...(r.device && { device: r.device }),
    ...(r.label && { label: r.label }),
    createdAt: iso(r.createdAt)!,
    expiresAt: iso(r.expiresAt),
    revokedAt: iso(r.revokedAt),
  }
}

export async function tokenRoutes(root: FastifyInstance, opts: { now: () => number }): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()

  app.post(
    '/tokens',
    {
      preHandler: app.authenticate,
      schema: {
        summary: 'Create a token (the secret is shown once)',
        tags: ['tokens'],
        security: bearer,
        body: CreateTokenBody,
        response: { 201: CreatedToken, ...errorResponses },
      },
    },
    async (request, reply) => {
      const p = principalOf(request)
      const grant = grantOf(request.body)
      assertMayCreate(p, grant)
      const now = opts.now()
      const secret = newTokenSecret()
      const { label, expiresInSeconds } = request.body
      const record: TokenRecord = {
        id: newTokenId(),
        hash: hashSecret(secret),
        ...grant,
        ...(label !== undefined && { label }),
        createdAt: now,
        expiresAt: expiresInSeconds === undefined ? null : now + expiresInSeconds * 1000,
        revokedAt: null,
      }
      await app.tokens.put(record)
      request.log.info({ token: record.id, role: record.role, halls: record.halls, by: p.tokenId }, 'token created')
      return reply.code(201).send({ token: tokenView(record), secret })
    },
  )

  app.get(
    '/tokens',
    {
      preHandler: app.authenticate,
      schema: {
        summary: 'Tokens the caller manages (admins: all)',
        tags: ['tokens'],
        security: bearer,
        response: { 200: Type.Object({ tokens: Type.Array(TokenView) }), ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request)
      assertMayList(p)
      const all = await app.tokens.list()
      return { tokens: all.filter((r) => canManageToken(p, r)).map(tokenView) }
    },
  )

  app.delete(
    '/tokens/:id',
    {
      preHandler: app.authenticate,
      schema: {
        summary: 'Revoke a token (effective at once on every instance)',
        tags: ['tokens'],
        security: bearer,
        params: TokenParams,
        body: NoBody,
        response: { 200: Type.Object({ token: TokenView }), ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request)
      assertMayList(p)
      const record = await app.tokens.get(request.params.id)
      if (!record) throw new QmsError('QMS_ERR_NOT_FOUND', `token "${request.params.id}" not found`)
      if (!canManageToken(p, record)) throw new QmsError('QMS_ERR_FORBIDDEN', 'this token may not revoke that token')
      await app.tokens.revoke(record.id, opts.now())
      const revoked = (await app.tokens.get(record.id)) ?? record
      request.log.info({ token: record.id, by: p.tokenId }, 'token revoked')
      return { token: tokenView(revoked) }
    },
  )
}
