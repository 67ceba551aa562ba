// The OpenAPI document describes every /api/v1 route with its schemas; the UI is served at /docs.
import t from 'tap'
import { hallDoc, harness } from './fixtures/app.ts'
import { memoryBackend } from './fixtures/backends.ts'

t.test('/docs/json lists every route with bodies, responses and bearer security', async (t) => {
  const h = await harness(t, memoryBackend)
  const r = await h.req('GET', '/docs/json', { token: null })
  t.equal(r.statusCode, 200)
  const doc = r.json()
  t.equal(doc.openapi, '3.0.3')
  t.same(doc.components.securitySchemes.bearer, { type: 'http', scheme: 'bearer' })
  const paths = Object.keys(doc.paths)
  for (const p of [
    '/api/v1/halls/{hall}',
    '/api/v1/halls/{hall}/state',
    '/api/v1/halls/{hall}/tickets',
    '/api/v1/halls/{hall}/tickets/{ticket}',
    '/api/v1/halls/{hall}/tickets/{ticket}/start',
    '/api/v1/halls/{hall}/tickets/{ticket}/complete',
    '/api/v1/halls/{hall}/tickets/{ticket}/no-show',
    '/api/v1/halls/{hall}/tickets/{ticket}/cancel',
    '/api/v1/halls/{hall}/tickets/{ticket}/hold',
    '/api/v1/halls/{hall}/tickets/{ticket}/resume',
    '/api/v1/halls/{hall}/tickets/{ticket}/requeue',
    '/api/v1/halls/{hall}/tickets/{ticket}/transfer',
    '/api/v1/halls/{hall}/windows/{window}/call-next',
    '/api/v1/halls/{hall}/windows/{window}/recall',
    '/api/v1/halls/{hall}/windows/{window}/open',
    '/api/v1/halls/{hall}/windows/{window}/pause',
    '/api/v1/halls/{hall}/windows/{window}/close',
    '/api/v1/tokens',
    '/api/v1/tokens/{id}',
  ]) {
    t.ok(paths.includes(p), `documents ${p}`)
  }
  const issue = doc.paths['/api/v1/halls/{hall}/tickets'].post
  t.match(issue.requestBody.content['application/json'].schema, {
    type: 'object',
    required: ['service'],
    additionalProperties: false,
  })
  t.ok(
    issue.parameters.some((p: { in: string; name: string }) => p.in === 'header' && p.name === 'idempotency-key'),
    'Idempotency-Key header',
  )
  t.match(issue.responses['201'].content['application/json'].schema.properties, {
    id: {},
    number: {},
    ahead: {},
    etaMinutes: {},
    issuedAt: {},
  })
  t.ok(issue.responses['4XX'] ?? issue.responses['4xx'], 'error answers are documented')
  t.same(doc.paths['/api/v1/halls/{hall}/tickets/{ticket}'].get.security, undefined, 'reading a ticket needs no token')
  t.same(doc.paths['/api/v1/halls/{hall}/state'].get.security, [{ bearer: [] }])
  t.ok(doc.paths['/api/v1/halls/{hall}/windows/{window}/call-next'].post.responses['204'], '204 when nothing waits')
})

t.test('/docs serves the UI', async (t) => {
  const h = await harness(t, memoryBackend)
  const r = await h.app.inject({ method: 'GET', url: '/docs' })
  const page = r.statusCode === 302 ? await h.app.inject({ method: 'GET', url: r.headers.location as string }) : r
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /text\/html/)
  t.match(page.body, /swagger/i)
})

t.test('answers match their documented schemas (serialization drops nothing we promise)', async (t) => {
  const h = await harness(t, memoryBackend)
  await h.setupHall(hallDoc(), ['W1'])
  const issued = (await h.req('POST', `/api/v1/halls/${h.hall}/tickets`, { body: { service: 'A' } })).json()
  t.same(Object.keys(issued).sort(), [
    'ahead',
    'class',
    'etaMinutes',
    'hall',
    'id',
    'issuedAt',
    'number',
    'priority',
    'recalls',
    'requeues',
    'service',
    'status',
    'transfers',
  ])
})
