// Rating rules through the real routes: one rating per ticket, only the citizen rates (mobile page
// without a token, or the window's evaluator device), reasons required on bad grades, a time limit
// after completion; a bad grade opens a follow-up case. Postgres and PGlite.
import t from 'tap'
import { parseHallDocument } from '../../src/config/validate-hall.ts'
import { eachBackend } from '../db/fixtures/backends.ts'
import { at, hallInput, ratingHarness } from './fixtures/app.ts'

const url = (ticket: string): string => `/api/v1/halls/hr/tickets/${ticket}/rating`

t.test('ratings: who may rate, one per ticket, reasons, time limit', (t) =>
  eachBackend(t, async (t, { db }) => {
    const h = await ratingHarness(t, db, 'hr', { evaluation: { ratingMinutes: 30 } })
    const { app } = h
    const ev1 = await h.mint('tok_ev1', 'device', { device: 'ev-1', windows: ['w1'] })
    const ev2 = await h.mint('tok_ev2', 'device', { device: 'ev-2', windows: ['w2'] })
    const tablet = await h.mint('tok_tablet', 'device', { device: 'tablet-9', windows: ['w1'] })
    const kiosk = await h.mint('tok_kiosk', 'device', { device: 'kiosk-1' })
    const clerk = await h.mint('tok_clerk', 'clerk', { windows: ['w1'] })
    const manager = await h.mint('tok_mgr', 'manager')
    const post = (ticket: string, body: unknown, auth?: string) =>
      app.inject({
        method: 'POST',
        url: url(ticket),
        payload: body as object,
        headers: auth ? { authorization: auth } : {},
      })

    const done = at('2026-11-23', '10:00:00')
    h.clock.now = done + 1000
    const t1 = await h.serve('w1', 'svc-a', done)

    for (const [who, auth] of [
      ['clerk', clerk],
      ['manager', manager],
      ['kiosk', kiosk],
      ['evaluator of another window', ev2],
    ] as const) {
      const r = await post(t1, { grade: 5 }, auth)
      t.equal(r.statusCode, 403, `${who} may not rate`)
      t.equal(r.json().code, 'QMS_ERR_FORBIDDEN')
    }
    const noGrade = await post(t1, {}, ev1)
    t.equal(noGrade.statusCode, 400, 'no default grade: a rating without a grade is refused')

    const good = await post(t1, { grade: 5 }, ev1)
    t.equal(good.statusCode, 201)
    t.match(good.json(), {
      rating: { ticket: t1, grade: 5, service: 'svc-a', window: 'w1', channel: 'device', reasons: [] },
      case: null,
    })
    const again = await post(t1, { grade: 1, reasons: ['attitude'] })
    t.equal(again.statusCode, 409, 'one rating per ticket')
    t.equal(again.json().code, 'QMS_ERR_ALREADY_RATED')
    t.equal((await post(t1, { grade: 4 }, tablet)).json().code, 'QMS_ERR_ALREADY_RATED')

    // Bad grades need reasons from the hall's list; good grades take none.
    const t2 = await h.serve('w1', 'svc-b', (h.clock.now = at('2026-11-23', '10:30:00')))
    h.clock.now += 1000
    t.equal((await post(t2, { grade: 2 })).json().code, 'QMS_ERR_VALIDATION', 'reasons required on 不满意')
    t.equal(
      (await post(t2, { grade: 1, reasons: [] })).json().code,
      'QMS_ERR_VALIDATION',
      'reasons required on 非常不满意',
    )
    t.equal((await post(t2, { grade: 1, reasons: ['bribery'] })).json().code, 'QMS_ERR_VALIDATION', 'unknown reason')
    t.equal(
      (await post(t2, { grade: 4, reasons: ['waiting'] })).json().code,
      'QMS_ERR_VALIDATION',
      'no reasons on 满意',
    )
    t.equal(
      (await post(t2, { grade: 3, comment: 'ok' })).json().code,
      'QMS_ERR_VALIDATION',
      'comment only on bad grades',
    )
    const bad = await post(t2, { grade: 1, reasons: ['waiting', 'attitude'], comment: ' 等了很久 ' }, tablet)
    t.equal(bad.statusCode, 201)
    t.match(bad.json(), {
      rating: { grade: 1, reasons: ['waiting', 'attitude'], comment: '等了很久', channel: 'tablet', window: 'w1' },
      case: { dueDate: '2026-11-30' }, // Mon 23 + 5 working days
    })

    // Only completed services, and only within ratingMinutes (30) of completion.
    await h.store.issue('hr', { service: 'svc-a', date: '2026-11-23', ticketId: 'tk-waiting', now: h.clock.now })
    t.equal((await post('tk-waiting', { grade: 5 })).json().code, 'QMS_ERR_INVALID_TRANSITION', 'a waiting ticket')
    await h.store.cancel('hr', 'tk-waiting', { now: h.clock.now })
    t.equal((await post('tk-waiting', { grade: 5 })).json().code, 'QMS_ERR_INVALID_TRANSITION', 'a cancelled ticket')
    const t3 = await h.serve('w2', 'svc-a', (h.clock.now = at('2026-11-23', '11:00:00')))
    const t4 = await h.serve('w2', 'svc-a', at('2026-11-23', '11:00:00') + 60_000)
    h.clock.now = at('2026-11-23', '11:30:00') // exactly 30 minutes after t3's completion
    const state = await app.inject({ method: 'GET', url: url(t3) })
    t.match(state.json(), { rated: false, canRate: true, until: h.clock.now })
    t.equal(state.json().reasons.length, 6, 'the default reasons')
    t.equal((await post(t3, { grade: 4 })).statusCode, 201, 'the ticket holder (no token) rates at the limit')
    h.clock.now = at('2026-11-23', '11:31:00') + 1 // t4: 30 min + 1 ms after completion
    const late = await post(t4, { grade: 4 })
    t.equal(late.statusCode, 409)
    t.equal(late.json().code, 'QMS_ERR_RATING_CLOSED')
    t.match((await app.inject({ method: 'GET', url: url(t4) })).json(), { rated: false, canRate: false })
    t.match((await app.inject({ method: 'GET', url: url(t3) })).json(), { rated: true, grade: 4, canRate: false })
    t.equal((await post('nope', { grade: 5 })).json().code, 'QMS_ERR_TICKET_NOT_FOUND')

    // Racing ratings of one ticket: exactly one wins.
    const t5 = await h.serve('w1', 'svc-a', (h.clock.now = at('2026-11-23', '12:00:00')))
    const race = await Promise.all([
      post(t5, { grade: 5 }, ev1),
      post(t5, { grade: 3 }),
      post(t5, { grade: 4 }, tablet),
    ])
    t.same(race.map((r) => r.statusCode).sort(), [201, 409, 409])
    const rows = await db.selectFrom('evaluations').select(['ticket_id', 'grade']).where('hall_id', '=', 'hr').execute()
    t.equal(rows.length, 4)
    t.equal(rows.filter((r) => r.ticket_id === t5).length, 1)

    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/halls/hr/evaluations?from=2026-11-23&to=2026-11-23&bad=true',
      headers: { authorization: manager },
    })
    t.same(
      list.json().items.map((r: { ticket: string }) => r.ticket),
      [t2],
    )
    t.equal(
      (
        await app.inject({
          method: 'GET',
          url: '/api/v1/halls/hr/evaluations?from=2026-11-23&to=2026-11-23',
          headers: { authorization: clerk },
        })
      ).statusCode,
      403,
    )
  }),
)

t.test('the hall document names its own reasons', (t) =>
  eachBackend(t, async (t, { db }) => {
    const h = await ratingHarness(t, db, 'hr2', {
      evaluation: { reasons: [{ id: 'queue', name: '排队秩序' }], followUpWorkingDays: 1 },
    })
    h.clock.now = at('2026-11-27', '16:00:00') // a Friday
    const id = await h.serve('w1', 'svc-a', h.clock.now - 1000)
    const post = (body: object) =>
      h.app.inject({ method: 'POST', url: `/api/v1/halls/hr2/tickets/${id}/rating`, payload: body })
    t.equal(
      (await post({ grade: 2, reasons: ['attitude'] })).json().code,
      'QMS_ERR_VALIDATION',
      'not in this hall’s list',
    )
    const r = await post({ grade: 2, reasons: ['queue'] })
    t.equal(r.statusCode, 201)
    t.equal(r.json().case.dueDate, '2026-11-30', 'one working day after a Friday is the Monday')
    t.equal(r.json().case.dueAt, Date.parse('2026-12-01T00:00:00+08:00'), 'due at the end of that day')
  }),
)

t.test('a ticket no longer in the live store is rated from the archive', (t) =>
  eachBackend(t, async (t, { db }) => {
    const h = await ratingHarness(t, db, 'hr3')
    const finished = at('2026-11-20', '16:00:00')
    const row = {
      hall_id: 'hr3',
      number: 'A042',
      service_id: 'svc-b',
      class: 'normal',
      business_date: '2026-11-20',
      window_id: 'w2',
      rule: null,
      started_at: null,
      expired_at: null,
      recalls: 0,
      requeues: 0,
      transfers: 0,
      ahead_at_issue: null,
      eta_at_issue_sec: null,
      issued_at: new Date(finished - 900_000),
      called_at: new Date(finished - 600_000),
      finished_at: new Date(finished),
      first_seq: 1,
      last_seq: 3,
      updated_at: new Date(finished),
    }
    await db
      .insertInto('tickets')
      .values([
        { ...row, id: 'old-done', status: 'done', outcome: 'completed' },
        { ...row, id: 'old-gone', status: 'no_show', outcome: 'no_show', first_seq: 4, last_seq: 6 },
      ])
      .execute()
    const post = (id: string, body: object) =>
      h.app.inject({ method: 'POST', url: `/api/v1/halls/hr3/tickets/${id}/rating`, payload: body })
    h.clock.now = finished + 23 * 3600_000 // within the default day
    const r = await post('old-done', { grade: 2, reasons: ['skill'] })
    t.equal(r.statusCode, 201)
    t.match(r.json().rating, { number: 'A042', service: 'svc-b', window: 'w2' })
    const stored = await db
      .selectFrom('evaluations')
      .select(['business_date', 'finished_at'])
      .where('ticket_id', '=', 'old-done')
      .executeTakeFirstOrThrow()
    t.same(stored, { business_date: '2026-11-20', finished_at: new Date(finished) })
    t.equal((await post('old-gone', { grade: 5 })).json().code, 'QMS_ERR_INVALID_TRANSITION', 'a no-show is not rated')
    h.clock.now = finished + 24 * 3600_000 + 1
    await db.updateTable('tickets').set({ id: 'old-late' }).where('id', '=', 'old-gone').execute()
    await db.updateTable('tickets').set({ status: 'done', outcome: 'completed' }).where('id', '=', 'old-late').execute()
    t.equal((await post('old-late', { grade: 5 })).json().code, 'QMS_ERR_RATING_CLOSED', 'a day after completion')
  }),
)

t.test('reason ids are unique in the hall document', async (t) => {
  const reasons = [
    { id: 'queue', name: '排队秩序' },
    { id: 'queue', name: '重复' },
  ]
  t.throws(() => parseHallDocument(hallInput({ evaluation: { reasons } }), 'dup'), /evaluation\.reasons\[1\]\.id/)
})
