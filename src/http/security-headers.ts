// Headers on every data answer (JSON, CSV): the API's answers carry ticket ids and token secrets,
// which are credentials, so they are never cached, never sniffed into something executable, never
// framed, and a page that follows a link from one sends no Referer. Web pages set their own,
// stricter set (displays-plugin.ts); static files and the OpenAPI page are left to their plugins.
import type { FastifyInstance } from 'fastify'

const DATA = /^(application\/json|text\/csv|text\/plain)/

export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!DATA.test(String(reply.getHeader('content-type') ?? ''))) return payload
    reply.header('x-content-type-options', 'nosniff')
    reply.header('referrer-policy', 'no-referrer')
    reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'")
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store')
    return payload
  })
}
