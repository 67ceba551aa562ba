// Live-channel credentials in query strings never reach the request log.
import { Writable } from 'node:stream'
import Fastify from 'fastify'
import t from 'tap'
import { redactUrlSecrets, requestSerializer } from '../../src/realtime/log-redaction.ts'

t.test('redactUrlSecrets', async (t) => {
  t.equal(
    redactUrlSecrets('/api/v1/halls/h1/live?token=abc.DEF-123&since=4'),
    '/api/v1/halls/h1/live?token=[redacted]&since=4',
  )
  t.equal(
    redactUrlSecrets('/api/v1/halls/h1/live?since=4&ticket=XyZ_9'),
    '/api/v1/halls/h1/live?since=4&ticket=[redacted]',
  )
  t.equal(
    redactUrlSecrets('/api/v1/halls/h1/live?TOKEN=a&ticket=b'),
    '/api/v1/halls/h1/live?TOKEN=[redacted]&ticket=[redacted]',
  )
  t.equal(
    redactUrlSecrets('/api/v1/halls/h1/live?tokens=keep'),
    '/api/v1/halls/h1/live?tokens=keep',
    'only exact names',
  )
  t.equal(redactUrlSecrets('/health'), '/health')
})

t.test('as the logger serializer of a Fastify app', async (t) => {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk))
      done()
    },
  })
  const app = Fastify({ logger: { level: 'info', stream, serializers: { req: requestSerializer } } })
  app.get('/x', async () => 'ok')
  t.teardown(() => app.close())
  await app.inject('/x?token=super-secret-value&since=3')
  const logged = lines.join('')
  t.notMatch(logged, 'super-secret-value')
  t.match(logged, '/x?token=[redacted]&since=3')
})
