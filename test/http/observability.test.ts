// /health, /ready and /metrics on the real app (src/app.ts) over the in-process store.
import t, { type Test } from 'tap'
import { MemoryQueueStore } from '../../src/store/memory/memory-store.ts'
import { ADMIN, harness, hallDoc } from './fixtures/app.ts'
import { forEachBackend, memoryBackend, type Backend } from './fixtures/backends.ts'
import { MemoryTokenStore } from '../../src/auth/memory-token-store.ts'
import type { AppOptions } from '../../src/app.ts'

/** One sample of a metric from the exposition text, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`)
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue
    const inner = /\{(.*)\}/.exec(line)?.[1] ?? ''
    if (want.every((l) => inner.split(',').includes(l))) return Number(line.slice(line.lastIndexOf(' ') + 1))
  }
  return undefined
}

const app = (t: Test, opts: Partial<AppOptions> = {}) =>
  harness(t, memoryBackend, { observability: { defaultMetrics: false }, ...opts })

t.test('/health is always ok', async (t) => {
  const h = await app(t)
  const res = await h.req('GET', '/health', { token: null })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { status: 'ok' })
})

t.test('/ready: the store and the configured checks', async (t) => {
  t.test('all pass', async (t) => {
    const h = await app(t, { observability: { readinessChecks: { postgres: async () => true } } })
    const res = await h.req('GET', '/ready', { token: null })
    t.equal(res.statusCode, 200)
    t.same(res.json(), { status: 'ready', checks: { store: 'ok', postgres: 'ok' } })
  })

  t.test('a failing, throwing or hanging check makes it 503 and is named', async (t) => {
    const h = await app(t, {
      observability: {
        readyTimeoutMs: 100,
        readinessChecks: {
          postgres: async () => false,
          mqtt: async () => {
            throw new Error('boom')
          },
          slow: () => new Promise<boolean>(() => {}),
        },
      },
    })
    const res = await h.req('GET', '/ready', { token: null })
    t.equal(res.statusCode, 503)
    t.match(res.json(), {
      statusCode: 503,
      code: 'QMS_ERR_UNAVAILABLE',
      error: 'Service Unavailable',
      message: 'not ready: postgres, mqtt, slow',
      checks: { store: 'ok', postgres: 'failed', mqtt: 'failed', slow: 'timeout' },
    })
  })

  t.test('a store that does not answer', async (t) => {
    class DownStore extends MemoryQueueStore {
      override async ping() {
        return false
      }
    }
    const down: Backend = {
      name: 'down',
      make: async () => {
        const store = new DownStore()
        return { store, tokens: new MemoryTokenStore(), cleanup: () => store.close() }
      },
    }
    const h = await harness(t, down, { observability: { defaultMetrics: false } })
    const res = await h.req('GET', '/ready', { token: null })
    t.equal(res.statusCode, 503)
    t.match(res.json(), { message: 'not ready: store', checks: { store: 'failed' } })
  })
})

t.test('/metrics counts issued and called tickets by hall and service', (t) =>
  forEachBackend(t, async (t, backend) => {
    const h = await harness(t, backend, { observability: { defaultMetrics: false } })
    await h.setupHall(hallDoc(), ['W1', 'W2'])
    const kiosk = await h.token('device', [h.hall])
    for (const service of ['A', 'A', 'B']) {
      const r = await h.req('POST', `/api/v1/halls/${h.hall}/tickets`, {
        token: kiosk,
        body: { service },
        headers: { 'idempotency-key': `k-${service}` },
      })
      t.ok([200, 201].includes(r.statusCode), r.body)
    }
    // The second 'A' reused its idempotency key: 200, the same ticket, not counted again.
    const fresh = await h.req('POST', `/api/v1/halls/${h.hall}/tickets`, { token: kiosk, body: { service: 'A' } })
    t.equal(fresh.statusCode, 201)
    const refused = await h.req('POST', `/api/v1/halls/${h.hall}/tickets`, { token: kiosk, body: { service: 'nope' } })
    t.equal(refused.statusCode, 404)

    t.equal((await h.req('POST', `/api/v1/halls/${h.hall}/windows/W2/call-next`)).statusCode, 200) // A001
    t.equal((await h.req('POST', `/api/v1/halls/${h.hall}/windows/W2/call-next`)).statusCode, 200) // A002
    t.equal((await h.req('POST', `/api/v1/halls/${h.hall}/windows/W2/call-next`)).statusCode, 204) // nothing left for W2

    const res = await h.req('GET', '/metrics', { token: null })
    t.equal(res.statusCode, 200)
    t.match(res.headers['content-type'], /^text\/plain/)
    const text = res.body
    t.equal(sample(text, 'qms_tickets_issued_total', { hall: h.hall, service: 'A' }), 2)
    t.equal(sample(text, 'qms_tickets_issued_total', { hall: h.hall, service: 'B' }), 1)
    t.equal(sample(text, 'qms_tickets_called_total', { hall: h.hall, service: 'A' }), 2)
    t.equal(sample(text, 'qms_tickets_called_total', { hall: h.hall, service: 'B' }), undefined)
    t.equal(sample(text, 'qms_queue_waiting', { hall: h.hall, service: 'A' }), 0)
    t.equal(sample(text, 'qms_queue_waiting', { hall: h.hall, service: 'B' }), 1)

    // Latency by route pattern, never by raw URL.
    const route = '/api/v1/halls/:hall/windows/:window/call-next'
    t.equal(sample(text, 'qms_http_request_duration_seconds_count', { route, status_code: '200', method: 'POST' }), 2)
    t.equal(sample(text, 'qms_http_request_duration_seconds_count', { route, status_code: '204', method: 'POST' }), 1)
    t.notMatch(text, `/api/v1/halls/${h.hall}/`, 'no concrete URL in any label')
    t.notMatch(text, 'process_cpu', 'default metrics off as asked')
  }),
)

t.test('/metrics: live clients per hall, and process metrics by default', async (t) => {
  const h = await harness(t, memoryBackend, { live: { heartbeatMs: 60_000 } })
  await h.setupHall(hallDoc(), [])
  await h.app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = h.app.server.address() as { port: number }
  const { default: WebSocket } = await import('ws')
  const sockets = [0, 1].map(() => new WebSocket(`ws://127.0.0.1:${port}/api/v1/halls/${h.hall}/live?token=${ADMIN}`))
  await Promise.all(sockets.map((s) => new Promise((r) => s.once('message', r))))
  const text = (await h.req('GET', '/metrics', { token: null })).body
  t.equal(sample(text, 'qms_live_clients', { hall: h.hall }), 2)
  t.match(text, /^process_cpu_user_seconds_total/m)
  for (const s of sockets) s.close()
})

t.test('/metrics behind a token when metricsToken is set', async (t) => {
  const h = await app(t, { observability: { defaultMetrics: false, metricsToken: 'metrics-secret-123' } })
  t.equal((await h.req('GET', '/metrics', { token: null })).statusCode, 401)
  t.equal((await h.req('GET', '/metrics', { token: 'wrong-secret-123' })).statusCode, 401)
  t.equal((await h.req('GET', '/metrics', { token: 'metrics-secret-123' })).statusCode, 200)
  t.equal((await h.req('GET', '/metrics', { token: ADMIN })).statusCode, 200)
})

t.test('two apps in one process keep separate registries', async (t) => {
  const a = await app(t)
  const b = await app(t)
  await a.setupHall(hallDoc(), ['W1'])
  t.equal((await a.req('POST', `/api/v1/halls/${a.hall}/tickets`, { body: { service: 'A' } })).statusCode, 201)
  const textB = (await b.req('GET', '/metrics', { token: null })).body
  t.equal(sample(textB, 'qms_tickets_issued_total', { hall: a.hall, service: 'A' }), undefined)
})
