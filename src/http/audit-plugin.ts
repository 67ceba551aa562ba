// Records who changed what: every successful mutating /api/v1 request (token, role, IP, route,
// target ids). Reads are not audited; the queue events themselves are archived separately.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { AuditEntry } from '../db/repos/audit.ts'

export interface AuditPluginOptions {
  record: (entry: AuditEntry) => void
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

async function audit(app: FastifyInstance, opts: AuditPluginOptions): Promise<void> {
  app.addHook('onResponse', async (request, reply) => {
    if (!MUTATING.has(request.method) || reply.statusCode >= 400) return
    const route = request.routeOptions.url
    if (!route?.startsWith('/api/')) return
    const params = (request.params ?? {}) as Record<string, string>
    const principal = request.principal
    opts.record({
      tokenId: principal?.tokenId ?? null,
      role: principal?.role ?? 'public',
      ip: request.ip,
      action: `${request.method} ${route}`,
      target: params.ticket ?? params.window ?? params.id ?? params.hall ?? null,
      hall: params.hall ?? null,
      details: { status: reply.statusCode },
    })
  })
}

export const auditPlugin = fp(audit, { name: 'qms-audit', fastify: '5.x' })
