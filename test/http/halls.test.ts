// PUT/GET hall documents and GET state, over every backend.
import t from 'tap'
import { assertError, hallDoc, harness } from './fixtures/app.ts'
import { forEachBackend } from './fixtures/backends.ts'

forEachBackend(t, async (t, backend) => {
  t.test('PUT creates (201), PUT again replaces (200), GET returns the stored document', async (t) => {
    const h = await harness(t, backend)
    const first = await h.req('PUT', `/api/v1/halls/${h.hall}`, { body: hallDoc() })
    t.equal(first.statusCode, 201)
    const stored = first.json()
    t.equal(stored.name, '测试大厅')
    t.equal(stored.services[0].digits, 3, 'defaults are filled in')
    t.equal(stored.publicIssuing, true)
    t.equal(first.headers.etag, '"1"')

    const again = await h.req('PUT', `/api/v1/halls/${h.hall}`, { body: hallDoc({ notice: '今日下午系统维护' }) })
    t.equal(again.statusCode, 200)
    t.equal(again.headers.etag, '"2"')

    const got = await h.req('GET', `/api/v1/halls/${h.hall}`)
    t.equal(got.statusCode, 200)
    t.equal(got.json().notice, '今日下午系统维护')
    t.same(got.json(), again.json(), 'GET shows what PUT stored')

    const roundTrip = await h.req('PUT', `/api/v1/halls/${h.hall}`, { body: got.json() })
    t.equal(roundTrip.statusCode, 200, 'a stored document is a valid input document')
  })

  t.test('validation errors name the field; nothing is stored', async (t) => {
    const h = await harness(t, backend)
    const cases: [string, unknown, RegExp][] = [
      ['missing name', { ...hallDoc(), name: undefined }, /body\.name: is required/],
      ['unknown field', { ...hallDoc(), colour: 'red' }, /body\.colour: unknown field/],
      ['bad prefix', hallDoc({ services: [{ id: 'A', name: 'x', prefix: 'a1' }] }), /services\[0\]\.prefix/],
      [
        'window serving an unknown service',
        hallDoc({ windows: [{ id: 'W1', name: '1', services: ['Z'] }] }),
        /windows\[0\]\.services\[0\]/,
      ],
      [
        'bad opening time',
        hallDoc({ hours: { weekly: { mon: [{ open: '25:00', close: '12:00' }] } } }),
        /hours\.weekly\.mon\[0\]\.open/,
      ],
    ]
    for (const [name, body, field] of cases) {
      const r = await h.req('PUT', `/api/v1/halls/${h.hall}`, { body })
      const err = assertError(t, r, 400, 'QMS_ERR_VALIDATION')
      t.match(err.message, field, name)
    }
    assertError(t, await h.req('GET', `/api/v1/halls/${h.hall}`), 404, 'QMS_ERR_HALL_NOT_FOUND')
  })

  t.test('removing a window that is open is a config conflict; the old document stays', async (t) => {
    const h = await harness(t, backend)
    await h.setupHall()
    const doc = hallDoc()
    const r = await h.req('PUT', `/api/v1/halls/${h.hall}`, { body: { ...doc, windows: doc.windows.slice(0, 2) } })
    assertError(t, r, 409, 'QMS_ERR_CONFIG_CONFLICT')
    const got = await h.req('GET', `/api/v1/halls/${h.hall}`)
    t.equal(got.json().windows.length, 3)
  })

  t.test('GET state: windows with current tickets, services with waits', async (t) => {
    const h = await harness(t, backend)
    await h.setupHall(hallDoc(), ['W1', 'W2'])
    for (const service of ['A', 'A', 'A', 'B']) {
      h.clock.now += 1000 // equal times would order by (random) ticket id
      await h.req('POST', `/api/v1/halls/${h.hall}/tickets`, { body: { service } })
    }
    await h.req('POST', `/api/v1/halls/${h.hall}/windows/W1/call-next`)
    await h.req('POST', `/api/v1/halls/${h.hall}/windows/W2/pause`, { body: { reason: '午休' } })

    const r = await h.req('GET', `/api/v1/halls/${h.hall}/state`)
    t.equal(r.statusCode, 200)
    const s = r.json()
    t.equal(s.hall, h.hall)
    t.type(s.seq, 'number')
    t.equal(s.at, '2025-03-03T10:00:04+08:00')
    t.match(s.windows, [
      { id: 'W1', name: '1号窗口', status: 'open', current: { number: 'A001', service: 'A', status: 'called' } },
      { id: 'W2', status: 'paused', reason: '午休' },
      { id: 'W3', status: 'closed' },
    ])
    t.notOk('current' in s.windows[1], 'no current key on an idle window')
    t.match(s.services, [
      { id: 'A', name: '社保', waiting: 2, openWindows: 1 },
      { id: 'B', waiting: 1, openWindows: 1 },
      { id: 'C', waiting: 0, openWindows: 0 },
    ])
    // A: 2 waiting, 5 min each, one open window → a new ticket waits 10 min.
    t.equal(s.services[0].etaMinutes, 10)
  })

  t.test('unknown hall: 404 on every hall route', async (t) => {
    const h = await harness(t, backend)
    const hall = 'no-such-hall'
    assertError(t, await h.req('GET', `/api/v1/halls/${hall}`), 404, 'QMS_ERR_HALL_NOT_FOUND')
    assertError(t, await h.req('GET', `/api/v1/halls/${hall}/state`), 404, 'QMS_ERR_HALL_NOT_FOUND')
    assertError(
      t,
      await h.req('POST', `/api/v1/halls/${hall}/tickets`, { body: { service: 'A' } }),
      404,
      'QMS_ERR_HALL_NOT_FOUND',
    )
    assertError(
      t,
      await h.req('POST', `/api/v1/halls/${hall}/tickets`, { body: { service: 'A' }, token: null }),
      404,
      'QMS_ERR_HALL_NOT_FOUND',
    )
    assertError(
      t,
      await h.req('GET', `/api/v1/halls/${hall}/tickets/abc`, { token: null }),
      404,
      'QMS_ERR_HALL_NOT_FOUND',
    )
    assertError(t, await h.req('POST', `/api/v1/halls/${hall}/windows/W1/call-next`), 404, 'QMS_ERR_HALL_NOT_FOUND')
    assertError(t, await h.req('POST', `/api/v1/halls/${hall}/windows/W1/open`), 404, 'QMS_ERR_HALL_NOT_FOUND')
    assertError(t, await h.req('POST', `/api/v1/halls/${hall}/tickets/abc/start`), 404, 'QMS_ERR_HALL_NOT_FOUND')
  })
})
