// What buildApp adds to Fastify's types: the stores, the services and the caller's principal.
import type { Principal } from '../auth/principal.ts'
import type { TokenStore } from '../auth/token-store.ts'
import type { HallService } from '../core/hall-service.ts'
import type { QueueService } from '../core/queue-service.ts'
import type { IdentityService } from '../identity/identity-service.ts'
import type { QueueStore } from '../store/port.ts'

declare module 'fastify' {
  interface FastifyInstance {
    store: QueueStore
    tokens: TokenStore
    halls: HallService
    queue: QueueService
    /** Keyed hashes and masks of ID-card and phone numbers (IDENTITY_KEY). */
    identity: IdentityService
    /** preHandler: requires a valid bearer token and sets request.principal (else 401). */
    authenticate: (request: FastifyRequest) => Promise<void>
    /** preHandler: sets request.principal when a token is sent (a bad token is still 401). */
    identify: (request: FastifyRequest) => Promise<void>
  }
  interface FastifyRequest {
    principal: Principal | null
  }
}

export {}
