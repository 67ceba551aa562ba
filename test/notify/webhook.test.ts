// The webhook driver against a real local HTTP server: signed JSON, retries on 5xx and network
// errors, no retry on 4xx, a per-attempt timeout.
import { createHmac } from 'node:crypto'
import t from 'tap'
import type { Notification } from '../../src/notify/notifier.ts'
import { WebhookNotifier } from '../../src/notify/webhook.ts'
import { startGateway } from './gateway.ts'

const SECRET = 'gateway-shared-secret'
const note: Notification = {
  id: 'h1:tk1:called',
  kind: 'called',
  hall: 'h1',
  ticket: 'tk1',
  number: 'A017',
  service: 'A',
  to: '13812345678',
  window: '3',
  windowName: '3号窗口',
  at: 1_741_000_000_000,
  text: '请A017号到3号窗口办理 / A017, please go to window 3',
}

t.test('posts the notification as JSON with an HMAC signature', async (t) => {
  const gw = await startGateway(t)
  await new WebhookNotifier({ url: gw.url, secret: SECRET }).send(note)
  const [got] = await gw.waitFor(1)
  t.same(got!.json, note)
  t.equal(got!.headers['content-type'], 'application/json')
  t.equal(got!.headers['x-qms-event'], 'ticket.called')
  t.equal(got!.headers['x-qms-id'], 'h1:tk1:called')
  t.equal(got!.headers['x-qms-signature'], `sha256=${createHmac('sha256', SECRET).update(got!.body).digest('hex')}`)
})

t.test('5xx answers are retried, then it succeeds', async (t) => {
  const gw = await startGateway(t)
  gw.answers.push(503, 502)
  await new WebhookNotifier({ url: gw.url, secret: SECRET, retryDelaysMs: [10, 10] }).send(note)
  t.equal(gw.received.length, 3)
  t.ok(
    gw.received.every((r) => r.headers['x-qms-id'] === note.id),
    'the same id on every attempt',
  )
})

t.test('gives up after the last retry; 4xx is not retried', async (t) => {
  const gw = await startGateway(t)
  gw.answers.push(500, 500, 500)
  await t.rejects(new WebhookNotifier({ url: gw.url, secret: SECRET, retryDelaysMs: [10, 10] }).send(note), {
    name: 'WebhookError',
    status: 500,
  })
  t.equal(gw.received.length, 3)
  gw.answers.push(400)
  await t.rejects(new WebhookNotifier({ url: gw.url, secret: SECRET, retryDelaysMs: [10, 10] }).send(note), {
    name: 'WebhookError',
    status: 400,
  })
  t.equal(gw.received.length, 4, 'one attempt only')
})

t.test('an unreachable or hanging gateway fails', async (t) => {
  const gw = await startGateway(t)
  gw.answers.push('hang')
  await t.rejects(new WebhookNotifier({ url: gw.url, secret: SECRET, timeoutMs: 100, retryDelaysMs: [] }).send(note), {
    status: null,
    message: /unreachable/,
  })
  await t.rejects(
    new WebhookNotifier({ url: 'http://127.0.0.1:9/nothing', secret: SECRET, retryDelaysMs: [10] }).send(note),
    { name: 'WebhookError', status: null },
  )
})
