// The OpenAPI document (/docs/json) and its UI (/docs), generated from the route schemas.
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'

export async function installOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'hall-queue core API',
        description:
          '排队叫号系统核心接口 / Queue management for government service halls. ' +
          'Errors: `{statusCode, code, error, message}` with a stable `code` (QMS_ERR_*). See docs/api.md.',
        version: '1',
      },
      tags: [
        { name: 'halls', description: 'hall documents and live state' },
        { name: 'tickets', description: 'issue, read and act on tickets' },
        { name: 'windows', description: 'call, recall, open, pause, close' },
        { name: 'tokens', description: 'API tokens (admins, managers)' },
      ],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
}
