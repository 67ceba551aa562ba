// Every error answer: bad JSON, schema violations, oversized bodies, unknown routes, and every
// QMS_ERR_* code through the one error table, with 5xx answers that never leak internals.
import { Writable } from 'node:stream'
import t from 'tap'
import { buildApp } from '../../src/app.ts'
import { MemoryTokenStore } from '../../src/auth/memory-token-store.ts'
import { ERROR_CODES, QmsError, type ErrorCode } from '../../src/domain/errors.ts'
import { MemoryQueueStore } from '../../src/store/memory/memory-store.ts'
import { ADMIN, assertError, hallDoc, harness } from './fixtures/app.ts'
import { forEachBackend } from './fixtures/backends.ts'

forEachBackend(t, async (t, backend) => {
  t.test('malformed JSON is 400 QMS_ERR_BAD_JSON; prototype poisoning too', async (t) => {
    const h = await harness(t, backend)
    await h.setupHall()
    const url = `/api/v1/halls/${h.hall}/tickets`
    for (const body of [
      '{',
      '{"service":"A",}',
      "{'service':'A'}",
      'nul',
      '{"service":"A"}x',
      '{"__proto__":{"admin":true},"service":"A"}',
      '{"constructor":{"prototype":{"x":1}},"service":"A"}',
    ]) {
      assertError(
        t,
        await h.req('POST', url, { body, headers: { 'content-type': 'application/json' } }),
        400,
        'QMS_ERR_BAD_JSON',
      )
    }
    t.same(await h.store.eventsSince(h.hall, 4, 100), [], 'no ticket was issued')
  })

  t.test('schema violations are 400 QMS_ERR_VALIDATION naming the field', async (t) => {
    const h = await harness(t, backend)
    await h.setupHall()
    const url = `/api/v1/halls/${h.hall}/tickets`
    const cases: [unknown, RegExp][] = [
      [{}, /body\.service: is required/],
      [{ service: 7 }, /body\.service/],
      [{ service: 'A', priority: 3 }, /body\.priority/],
      [{ service: 'A', extra: 1 }, /body\.extra: unknown field "extra"/],
      [[], /body/],
      ['"A"', /body/],
      [{ service: 'A/../B' }, /body\.service/],
    ]
    for (const [body, message] of cases) {
      const err = assertError(
        t,
        await h.req('POST', url, {
          body: typeof body === 'string' ? body : JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        }),
        400,
        'QMS_ERR_VALIDATION',
      )
      t.match(err.message, message)
    }
    const pause = assertError(
      t,
      await h.req('POST', `/api/v1/halls/${h.hall}/windows/W1/pause`, { body: { reason: '' } }),
      400,
      'QMS_ERR_VALIDATION',
    )
    t.match(pause.message, /body\.reason/)
    const other = await h.req('POST', url, {
      body: 'service=A',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    assertError(t, other, 400, 'QMS_ERR_VALIDATION')
    const text = await h.req('POST', url, { body: 'A', headers: { 'content-type': 'text/plain' } })
    assertError(t, text, 400, 'QMS_ERR_VALIDATION')
  })

  t.test('path ids are validated; traversal never reaches the store', async (t) => {
    const h = await harness(t, backend)
    await h.setupHall()
    for (const url of [
      `/api/v1/halls/..%2F..%2Fetc/state`,
      `/api/v1/halls/${h.hall}/tickets/..%2Fx`,
      `/api/v1/halls/${'x'.repeat(65)}/state`,
      `/api/v1/halls/${h.hall}/windows/W1%00/open`,
      `/api/v1/halls/a%20b/state`,
    ]) {
      const method = url.endsWith('/open') ? 'POST' : 'GET'
      const r = await h.req(method, url, { token: null })
      t.ok(r.statusCode === 400 || r.statusCode === 401 || r.statusCode === 404, `${url} → ${r.statusCode}`)
      t.match(r.json(), { statusCode: r.statusCode, code: /^QMS_ERR_/, error: String, message: String })
    }
    assertError(t, await h.req('GET', `/api/v1/halls/..%2F..%2Fetc/state`), 400, 'QMS_ERR_VALIDATION')
    const up = await h.req('GET', `/api/v1/halls/${h.hall}/../../etc/passwd`)
    t.equal(up.statusCode, 404)
    t.equal(up.json().code, 'QMS_ERR_NOT_FOUND')
  })

  t.test('oversized bodies are 413 with the error body', async (t) => {
    const h = await harness(t, backend)
    await h.setupHall()
    const big = JSON.stringify({ service: 'A', pad: 'x'.repeat(70 * 1024) })
    assertError(
      t,
      await h.req('POST', `/api/v1/halls/${h.hall}/tickets`, {
        body: big,
        headers: { 'content-type': 'application/json' },
      }),
      413,
      'QMS_ERR_PAYLOAD_TOO_LARGE',
    )
    // Hall documents may be larger (up to 1 MiB), but not without bound.
    const doc = hallDoc({ notice: 'x'.repeat(200) })
    const manyDevices = {
      ...doc,
      devices: Array.from({ length: 1500 }, (_, i) => ({
        id: `led-${i}`,
        type: 'led',
        window: 'W1',
        name: `LED 屏 ${i}`,
      })),
    }
    t.ok(JSON.stringify(manyDevices).length > 64 * 1024)
    t.equal(
      (await h.req('PUT', `/api/v1/halls/${h.hall}`, { body: manyDevices })).statusCode,
      200,
      'a large hall document fits',
    )
    const huge = JSON.stringify({ ...doc, notice: 'x'.repeat(1100 * 1024) })
    assertError(
      t,
      await h.req('PUT', `/api/v1/halls/${h.hall}`, { body: huge, headers: { 'content-type': 'application/json' } }),
      413,
      'QMS_ERR_PAYLOAD_TOO_LARGE',
    )
  })

  t.test('unknown routes and methods are 404 with the error body', async (t) => {
    const h = await harness(t, backend)
    assertError(t, await h.req('GET', '/api/v1/nothing'), 404, 'QMS_ERR_NOT_FOUND')
    assertError(t, await h.req('DELETE', `/api/v1/halls/${h.hall}`), 404, 'QMS_ERR_NOT_FOUND')
    assertError(t, await h.req('POST', `/api/v1/halls/${h.hall}/tickets/abc/teleport`), 404, 'QMS_ERR_NOT_FOUND')
  })
})

/** A store whose reads fail with a chosen error, to drive every code through the HTTP table. */
class FailingStore extends MemoryQueueStore {
  failure: Error | null = null
  override async snapshot(...args: Parameters<MemoryQueueStore['snapshot']>) {
    if (this.failure) throw this.failure
    return super.snapshot(...args)
  }
}

t.test('every QMS_ERR_* code reaches the client through the one table', async (t) => {
  const store = new FailingStore()
  const lines: string[] = []
  const sink = new Writable({ write: (chunk, _enc, cb) => (lines.push(String(chunk)), cb()) })
  const app = await buildApp({
    store,
    tokens: new MemoryTokenStore(),
    adminToken: ADMIN,
    logger: { level: 'info', stream: sink },
  })
  t.teardown(() => app.close())
  const hall = 'err-hall'
  const put = await app.inject({
    method: 'PUT',
    url: `/api/v1/halls/${hall}`,
    headers: { authorization: `Bearer ${ADMIN}` },
    payload: hallDoc(),
  })
  t.equal(put.statusCode, 201)

  for (const [code, status] of Object.entries(ERROR_CODES) as [ErrorCode, number][]) {
    store.failure = new QmsError(code, `secret detail for ${code}: redis://10.1.2.3`, { key: 'qms:{err-hall}:tk' })
    const r = await app.inject({
      method: 'GET',
      url: `/api/v1/halls/${hall}/state`,
      headers: { authorization: `Bearer ${ADMIN}` },
    })
    const body = assertError(t, r, status, code)
    if (status >= 500) {
      t.notOk(
        r.body.includes('secret detail') || r.body.includes('10.1.2.3') || r.body.includes('qms:{'),
        `${code}: nothing internal leaks`,
      )
      t.type(body.requestId, 'string', `${code}: the request id is given to find the log`)
    } else {
      t.equal(body.message, `secret detail for ${code}: redis://10.1.2.3`, `${code}: 4xx messages are the error's own`)
    }
  }

  store.failure = new TypeError("Cannot read properties of undefined (reading 'seq') at /srv/app/src/store.ts:42")
  const crash = await app.inject({
    method: 'GET',
    url: `/api/v1/halls/${hall}/state`,
    headers: { authorization: `Bearer ${ADMIN}` },
  })
  const body = assertError(t, crash, 500, 'QMS_ERR_INTERNAL')
  t.equal(body.message, 'internal error')
  t.notOk(crash.body.includes('/srv/app'), 'no stack or paths')
  t.type(body.requestId, 'string')
  const logged = lines
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .find((l) => l.level === 50 && l.reqId === body.requestId)
  t.ok(logged, 'the error is logged with the request id')
  t.match((logged?.err as { message?: string } | undefined)?.message, /reading 'seq'/, 'the log keeps the detail')

  store.failure = null
  t.equal(
    (
      await app.inject({
        method: 'GET',
        url: `/api/v1/halls/${hall}/state`,
        headers: { authorization: `Bearer ${ADMIN}` },
      })
    ).statusCode,
    200,
    'still serving',
  )
})
