// Ticket and window routes end to end, over every backend: issue, read, call, recall,
// start/complete/no-show/cancel/hold/resume/requeue, transfer, open/pause/close.
import t from 'tap'
import { assertError, hallDoc, harness, type Harness } from './fixtures/app.ts'
import { forEachBackend } from './fixtures/backends.ts'

/** Each issue is 1 s after the previous one: equal times would order by (random) ticket id. */
const issue = (h: Harness, body: unknown, opts: { token?: string | null; key?: string } = {}) =>
  ((h.clock.now += 1000), h).req('POST', `/api/v1/halls/${h.hall}/tickets`, {
    body,
    ...(opts.token !== undefined && { token: opts.token }),
    ...(opts.key !== undefined && { headers: { 'idempotency-key': opts.key } }),
  })
const act = (h: Harness, id: string, action: string, body?: unknown) =>
  h.req('POST', `/api/v1/halls/${h.hall}/tickets/${id}/${action}`, body === undefined ? {} : { body })
const win = (h: Harness, w: string, action: string, body?: unknown) =>
  h.req('POST', `/api/v1/halls/${h.hall}/windows/${w}/${action}`, body === undefined ? {} : { body })

forEachBackend(t, async (t, backend) => {
  t.test('issue: 201 with number, place and wait; read by id without a token', async (t) => {
    const h = await harness(t, backend)
    await h.setupHall(hallDoc(), ['W1', 'W2'])
    const first = await issue(h, { service: 'A' })
    t.equal(first.statusCode, 201)
    t.match(first.json(), {
      number: 'A001',
      service: 'A',
      status: 'waiting',
      ahead: 0,
      etaMinutes: 0,
      issuedAt: '2025-03-03T10:00:01+08:00',
      class: 'normal',
      priority: false,
    })
    t.match(first.json().id, /^[A-Za-z0-9_-]{22}$/)
    for (let i = 0; i < 3; i++) await issue(h, { service: 'A' })
    const fifth = await issue(h, { service: 'A' })
    // 4 ahead × 5 min / 2 open windows serving A = 10 min
    t.match(fifth.json(), { number: 'A005', ahead: 4, etaMinutes: 10 })

    const read = await h.req('GET', `/api/v1/halls/${h.hall}/tickets/${fifth.json().id}`, { token: null })
    t.equal(read.statusCode, 200)
    t.match(read.json(), { id: fifth.json().id, number: 'A005', status: 'waiting', ahead: 4, etaMinutes: 10 })
    t.notOk('window' in read.json())
    assertError(
      t,
      await h.req('GET', `/api/v1/halls/${h.hall}/tickets/AAAAAAAAAAAAAAAAAAAAAA`, { token: null }),
      404,
      'QMS_ERR_TICKET_NOT_FOUND',
    )
  })

  t.test('idempotency: same key → same ticket, no new number; another service → 409', async (t) => {
    const h = await harness(t, backend)
    await h.setupHall()
    const a = await issue(h, { service: 'A' }, { key: 'kiosk-1-req-42' })
    const b = await issue(h, { service: 'A' }, { key: 'kiosk-1-req-42' })
    t.equal(a.statusCode, 201)
    t.equal(b.statusCode, 200, 'a replay is not a creation')
    t.equal(b.json().id, a.json().id)
    t.equal(b.json().number, 'A001')
    t.equal((await issue(h, { service: 'A' })).json().number, 'A002', 'the replay consumed no number')
    assertError(t, await issue(h, { service: 'B' }, { key: 'kiosk-1-req-42' }), 409, 'QMS_ERR_IDEMPOTENCY_CONFLICT')

    // Keys are per caller: the public using the same key gets its own ticket.
    const pub = await issue(h, { service: 'A' }, { token: null, key: 'kiosk-1-req-42' })
    t.equal(pub.statusCode, 201)
    t.not(pub.json().id, a.json().id)
    const pubAgain = await issue(h, { service: 'A' }, { token: null, key: 'kiosk-1-req-42' })
    t.equal(pubAgain.json().id, pub.json().id)
    assertError(t, await issue(h, { service: 'A' }, { key: 'bad key with spaces' }), 400, 'QMS_ERR_VALIDATION')
  })

  t.test('priority: true → green channel, class id, unknown class', async (t) => {
    const h = await harness(t, backend)
    await h.setupHall()
    t.match((await issue(h, { service: 'A', priority: true })).json(), { class: 'green', priority: true })
    t.match((await issue(h, { service: 'A', priority: 'appointment' })).json(), { class: 'appointment' })
    t.match((await issue(h, { service: 'A', priority: false })).json(), { class: 'normal' })
    assertError(t, await issue(h, { service: 'A', priority: 'vip' }), 400, 'QMS_ERR_UNKNOWN_PRIORITY_CLASS')
    assertError(t, await issue(h, { service: 'Z' }), 404, 'QMS_ERR_SERVICE_NOT_FOUND')
  })

  t.test('issuing follows the hall calendar', async (t) => {
    const h = await harness(t, backend)
    await h.setupHall()
    h.clock.now = Date.parse('2025-03-03T12:30:00+08:00') // Monday lunch break (+1 s per issue)
    const lunch = assertError(t, await issue(h, { service: 'A' }), 409, 'QMS_ERR_HALL_CLOSED')
    t.match(lunch.message, /2025-03-03 13:30/, 'says when it opens next')
    t.same(lunch.details, { nextOpening: '2025-03-03 13:30' })
    h.clock.now = Date.parse('2025-03-03T10:00:00+08:00')
    const c = assertError(t, await issue(h, { service: 'C' }), 409, 'QMS_ERR_SERVICE_UNAVAILABLE')
    t.match(c.message, /2025-03-04 09:00/, 'service C runs on Tuesdays')
    h.clock.now = Date.parse('2025-03-04T09:30:00+08:00')
    t.match((await issue(h, { service: 'C' })).json(), { number: 'C001', issuedAt: '2025-03-04T09:30:01+08:00' })
  })

  t.test("numbers restart at the hall's local midnight", async (t) => {
    const h = await harness(t, backend)
    await h.setupHall(hallDoc({ hours: undefined }))
    h.clock.now = Date.parse('2025-03-03T23:58:00+08:00')
    t.equal((await issue(h, { service: 'A' })).json().number, 'A001')
    t.equal((await issue(h, { service: 'A' })).json().number, 'A002')
    h.clock.now = Date.parse('2025-03-04T00:00:00+08:00')
    t.equal((await issue(h, { service: 'A' })).json().number, 'A001')
  })

  t.test('call-next, recall, start, complete; 204 when nothing waits', async (t) => {
    const h = await harness(t, backend)
    await h.setupHall(hallDoc(), ['W1'])
    const empty = await win(h, 'W1', 'call-next')
    t.equal(empty.statusCode, 204)
    t.equal(empty.body, '')

    const a1 = (await issue(h, { service: 'A' })).json()
    const called = await win(h, 'W1', 'call-next')
    t.equal(called.statusCode, 200)
    t.match(called.json().ticket, {
      id: a1.id,
      status: 'called',
      window: 'W1',
      calledAt: '2025-03-03T10:00:01+08:00',
      rule: 'fifo',
    })
    t.notOk('completed' in called.json())

    h.clock.now += 30_000
    const re = await win(h, 'W1', 'recall')
    t.equal(re.statusCode, 200)
    t.match(re.json().ticket, { id: a1.id, recalls: 1, status: 'called' })

    t.match((await act(h, a1.id, 'start')).json().ticket, { status: 'serving', startedAt: '2025-03-03T10:00:31+08:00' })
    h.clock.now += 5 * 60_000
    const done = await act(h, a1.id, 'complete', { outcome: 'referred' })
    t.match(done.json().ticket, {
      status: 'done',
      outcome: 'referred',
      finishedAt: '2025-03-03T10:05:31+08:00',
      window: 'W1',
    })
    assertError(t, await act(h, a1.id, 'complete'), 409, 'QMS_ERR_INVALID_TRANSITION')
    assertError(t, await win(h, 'W1', 'recall'), 409, 'QMS_ERR_NO_CURRENT_TICKET')
  })

  t.test('call-next ends the current ticket and says so', async (t) => {
    const h = await harness(t, backend)
    await h.setupHall(hallDoc(), ['W1'])
    const a1 = (await issue(h, { service: 'A' })).json()
    const a2 = (await issue(h, { service: 'A' })).json()
    await win(h, 'W1', 'call-next')
    const next = (await win(h, 'W1', 'call-next')).json()
    t.match(next, {
      ticket: { id: a2.id, status: 'called' },
      completed: { id: a1.id, status: 'done', outcome: 'completed' },
    })
  })

  t.test('no-show, requeue, cancel, hold, resume', async (t) => {
    const h = await harness(t, backend)
    await h.setupHall(hallDoc(), ['W1'])
    const a1 = (await issue(h, { service: 'A' })).json()
    const a2 = (await issue(h, { service: 'A' })).json()
    await win(h, 'W1', 'call-next')
    t.match((await act(h, a1.id, 'no-show')).json().ticket, { status: 'no_show' })
    h.clock.now += 1000 // requeued at the tail: later than A002
    const back = (await act(h, a1.id, 'requeue')).json().ticket
    t.match(back, { status: 'waiting', requeues: 1, ahead: 1 }, 'tail requeue: behind A002')
    assertError(t, await act(h, a1.id, 'start'), 409, 'QMS_ERR_INVALID_TRANSITION')
    t.match((await act(h, a1.id, 'cancel')).json().ticket, { status: 'cancelled' })

    await win(h, 'W1', 'call-next')
    t.match((await act(h, a2.id, 'hold')).json().ticket, { status: 'held', window: 'W1' })
    t.match((await h.req('GET', `/api/v1/halls/${h.hall}/state`)).json().windows[0], { id: 'W1', status: 'open' })
    t.match((await act(h, a2.id, 'resume')).json().ticket, { status: 'called', window: 'W1' })
    t.match((await h.req('GET', `/api/v1/halls/${h.hall}/state`)).json().windows[0], { current: { id: a2.id } })
  })

  t.test('transfer to a service or a window', async (t) => {
    const h = await harness(t, backend)
    await h.setupHall(hallDoc(), ['W1', 'W3'])
    const a1 = (await issue(h, { service: 'A' })).json()
    await win(h, 'W1', 'call-next')
    const toB = (
      await h.req('POST', `/api/v1/halls/${h.hall}/tickets/${a1.id}/transfer`, { body: { service: 'B' } })
    ).json()
    t.match(toB.ticket, { id: a1.id, number: 'A001', service: 'B', status: 'waiting', transfers: 1 })
    const toW3 = (
      await h.req('POST', `/api/v1/halls/${h.hall}/tickets/${a1.id}/transfer`, { body: { window: 'W3' } })
    ).json()
    t.match(toW3.ticket, { status: 'waiting', window: 'W3', transfers: 2 })
    const called = (await win(h, 'W3', 'call-next')).json()
    t.match(called.ticket, { id: a1.id, rule: 'window-queue' })
    assertError(
      t,
      await h.req('POST', `/api/v1/halls/${h.hall}/tickets/${a1.id}/transfer`, { body: { service: 'Z' } }),
      404,
      'QMS_ERR_SERVICE_NOT_FOUND',
    )
    assertError(
      t,
      await h.req('POST', `/api/v1/halls/${h.hall}/tickets/${a1.id}/transfer`, { body: { window: 'W9' } }),
      404,
      'QMS_ERR_WINDOW_NOT_FOUND',
    )
    assertError(
      t,
      await h.req('POST', `/api/v1/halls/${h.hall}/tickets/${a1.id}/transfer`, {
        body: { service: 'B', window: 'W3' },
      }),
      400,
      'QMS_ERR_VALIDATION',
    )
    assertError(
      t,
      await h.req('POST', `/api/v1/halls/${h.hall}/tickets/${a1.id}/transfer`, { body: {} }),
      400,
      'QMS_ERR_VALIDATION',
    )
  })

  t.test('windows: open, pause with reason, close; calling needs an open window', async (t) => {
    const h = await harness(t, backend)
    await h.setupHall(hallDoc(), [])
    await issue(h, { service: 'A' })
    assertError(t, await win(h, 'W1', 'call-next'), 409, 'QMS_ERR_WINDOW_NOT_OPEN')
    t.match((await win(h, 'W1', 'open')).json(), {
      window: { id: 'W1', name: '1号窗口', status: 'open', since: '2025-03-03T10:00:01+08:00' },
    })
    assertError(t, await win(h, 'W2', 'pause'), 409, 'QMS_ERR_INVALID_TRANSITION')
    const paused = (await win(h, 'W1', 'pause', { reason: '暂停服务' })).json()
    t.match(paused.window, { status: 'paused', reason: '暂停服务' })
    t.match((await win(h, 'W1', 'open')).json().window, { status: 'open' })
    await win(h, 'W1', 'call-next')
    const busy = await win(h, 'W1', 'close')
    assertError(t, busy, 409, 'QMS_ERR_WINDOW_BUSY')
    const paused2 = (await win(h, 'W1', 'pause')).json().window
    t.match(
      paused2,
      { status: 'paused', current: { number: 'A001', status: 'called' } },
      'a paused window still shows its ticket',
    )
    assertError(t, await win(h, 'W9', 'open'), 404, 'QMS_ERR_WINDOW_NOT_FOUND')
    assertError(t, await win(h, 'W9', 'call-next'), 404, 'QMS_ERR_WINDOW_NOT_FOUND')
  })

  t.test('the recall limit is a 409', async (t) => {
    const h = await harness(t, backend)
    await h.setupHall(hallDoc({ rules: { maxRecalls: 1 } }), ['W1'])
    await issue(h, { service: 'A' })
    await win(h, 'W1', 'call-next')
    t.equal((await win(h, 'W1', 'recall')).statusCode, 200)
    assertError(t, await win(h, 'W1', 'recall'), 409, 'QMS_ERR_RECALL_LIMIT')
  })

  t.test('daily limit is a 409', async (t) => {
    const h = await harness(t, backend)
    const doc = hallDoc()
    doc.services[0] = { ...doc.services[0]!, dailyLimit: 1 }
    await h.setupHall(doc)
    t.equal((await issue(h, { service: 'A' })).statusCode, 201)
    assertError(t, await issue(h, { service: 'A' }), 409, 'QMS_ERR_DAILY_LIMIT')
  })
})
