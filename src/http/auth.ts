// Bearer authentication for routes. `identify` resolves an optional token (public issuing);
// `authenticate` requires one. An Authorization header that is present but wrong is always 401,
// even where no token is needed, so a client learns its token is bad.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { bearerToken, resolvePrincipal } from '../auth/authenticate.ts'
import type { Principal } from '../auth/principal.ts'
import { QmsError } from '../domain/errors.ts'

const unauthorized = (message: string): QmsError => new QmsError('QMS_ERR_UNAUTHORIZED', message)

export function installAuth(app: FastifyInstance, adminToken: string | undefined, now: () => number): void {
  app.decorateRequest('principal', null)

  const identify = async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.authorization
    if (header === undefined) return
    const secret = bearerToken(header)
    if (secret === null) throw unauthorized('Authorization must be "Bearer <token>"')
    const principal = await resolvePrincipal(app.tokens, adminToken, secret, now())
    if (principal === null) throw unauthorized('unknown, expired or revoked token')
    request.principal = principal
  }

  app.decorate('identify', identify)
  app.decorate('authenticate', async (request: FastifyRequest) => {
    await identify(request)
    if (request.principal === null) throw unauthorized('a bearer token is required')
  })
}

/** The caller, for routes behind `authenticate`. */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) throw unauthorized('a bearer token is required')
  return request.principal
}
