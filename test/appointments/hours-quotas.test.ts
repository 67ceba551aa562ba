// Issuing follows the hall's hours in Asia/Shanghai (holidays, make-up working days, a Mon/Wed/Fri
// service on a Tuesday, the lunch break), the daily limit, and closing time: refused at 17:00 while
// the waiting tickets are still called; and earlier, when the queue already fills the time left.
import t, { type Test } from 'tap'
import type { HallDocumentInput } from '../../src/config/hall-schema.ts'
import { assertError, harness, type Harness } from '../http/fixtures/app.ts'
import { forEachBackend, type Backend } from '../http/fixtures/backends.ts'
import { MONDAY, TUESDAY, at, hallInput, identity } from './fixtures.ts'

async function setup(t: Test, backend: Backend, over: Partial<HallDocumentInput> = {}, open: string[] = []) {
  const h = await harness(t, backend, { identity })
  h.clock.now = at(MONDAY, '09:00')
  await h.setupHall(hallInput(over), open)
  const kiosk = await h.token('device', [h.hall], { device: 'kiosk-1' })
  return { h, kiosk }
}

const issue = (h: Harness, token: string, service = 'A') =>
  h.req('POST', `/api/v1/halls/${h.hall}/tickets`, { token, body: { service } })

t.test('hours and quotas', (t) =>
  forEachBackend(t, async (t, backend) => {
    t.test('a holiday is closed; make-up working days are open (2025 National Day)', async (t) => {
      const { h, kiosk } = await setup(t, backend)
      h.clock.now = at('2025-10-01', '10:00')
      const holiday = assertError(t, await issue(h, kiosk), 409, 'QMS_ERR_HALL_CLOSED')
      t.match(holiday, { message: /今日大厅不开放.*2025-10-09 09:00/, details: { nextOpening: '2025-10-09 09:00' } })
      h.clock.now = at('2025-09-27', '10:00')
      t.match(
        assertError(t, await issue(h, kiosk), 409, 'QMS_ERR_HALL_CLOSED').details,
        { nextOpening: '2025-09-28 09:00' },
        'Saturday: next is the make-up Sunday',
      )
      h.clock.now = at('2025-09-28', '10:00')
      t.equal((await issue(h, kiosk)).statusCode, 201, 'Sunday 28 Sep works like a Monday')
      t.equal((await issue(h, kiosk, 'C')).statusCode, 201, 'and so does the Mon/Wed/Fri service')
      h.clock.now = at('2025-10-11', '13:30')
      t.equal((await issue(h, kiosk)).statusCode, 201, 'Saturday 11 Oct afternoon')
      h.clock.now = at('2025-10-11', '12:30')
      t.match(assertError(t, await issue(h, kiosk), 409, 'QMS_ERR_HALL_CLOSED'), {
        message: /午间休息/,
        details: { nextOpening: '2025-10-11 13:30' },
      })
    })

    t.test('a Mon/Wed/Fri-only service on a Tuesday', async (t) => {
      const { h, kiosk } = await setup(t, backend)
      h.clock.now = at(TUESDAY, '10:00')
      const body = assertError(t, await issue(h, kiosk, 'C'), 409, 'QMS_ERR_SERVICE_UNAVAILABLE')
      t.match(body, { message: /公积金今日不办理/, details: { nextOpening: '2025-03-05 09:00' } })
      t.equal((await issue(h, kiosk, 'A')).statusCode, 201, 'the hall itself is open')
    })

    t.test('the daily limit refuses the next number of that service only', async (t) => {
      const services = hallInput().services.map((s) => (s.id === 'B' ? { ...s, dailyLimit: 2 } : s))
      const { h, kiosk } = await setup(t, backend, { services })
      h.clock.now = at(MONDAY, '10:00')
      t.equal((await issue(h, kiosk, 'B')).statusCode, 201)
      t.equal((await issue(h, kiosk, 'B')).statusCode, 201)
      const limit = assertError(t, await issue(h, kiosk, 'B'), 409, 'QMS_ERR_DAILY_LIMIT')
      t.match(limit, {
        message: /户籍今日号源已发完.*2025-03-04 09:00/,
        details: { reason: 'daily-limit', nextOpening: '2025-03-04 09:00' },
      })
      t.equal((await issue(h, kiosk, 'A')).statusCode, 201)
    })

    t.test('issuing stops at closing time; tickets issued before it are still called', async (t) => {
      const { h, kiosk } = await setup(t, backend, {}, ['W2'])
      h.clock.now = at(MONDAY, '16:59')
      const last = (await issue(h, kiosk)).json()
      t.equal(last.number, 'A001')
      h.clock.now = at(MONDAY, '17:00')
      const closed = assertError(t, await issue(h, kiosk), 409, 'QMS_ERR_HALL_CLOSED')
      t.match(closed, { message: /大厅已下班.*2025-03-04 09:00/, details: { nextOpening: '2025-03-04 09:00' } })
      h.clock.now = at(MONDAY, '17:20')
      const called = await h.req('POST', `/api/v1/halls/${h.hall}/windows/W2/call-next`)
      t.equal(called.statusCode, 200, 'call-next keeps working after hours')
      t.match(called.json(), { ticket: { id: last.id, status: 'called' } })
      const done = await h.req('POST', `/api/v1/halls/${h.hall}/tickets/${last.id}/complete`)
      t.match(done.json(), { ticket: { status: 'done' } })
    })

    t.test('issuing stops earlier when the waiting tickets fill the time until closing plus overtime', async (t) => {
      // 16:00, one open window serving A (W2), 10 minutes per ticket: 60 min + 30 min overtime = 9 tickets.
      const { h, kiosk } = await setup(t, backend, {}, ['W2'])
      h.clock.now = at(MONDAY, '16:00')
      for (let i = 1; i <= 9; i++) t.equal((await issue(h, kiosk)).statusCode, 201, `ticket ${i}`)
      const full = assertError(t, await issue(h, kiosk), 409, 'QMS_ERR_DAILY_LIMIT')
      t.match(full, {
        message: /今日号源已满.*2025-03-04 09:00/,
        details: { reason: 'capacity', nextOpening: '2025-03-04 09:00' },
      })
      t.equal((await issue(h, kiosk, 'B')).statusCode, 201, 'another service has its own queue')
      await h.req('POST', `/api/v1/halls/${h.hall}/windows/W2/call-next`)
      t.equal((await issue(h, kiosk)).statusCode, 201, 'one called: room for one more')
      await h.req('POST', `/api/v1/halls/${h.hall}/windows/W1/open`)
      t.equal((await issue(h, kiosk)).statusCode, 201, 'a second window opens: more room')
    })

    t.test('the cutoff counts the afternoon after the lunch break, and can be switched off', async (t) => {
      const { h, kiosk } = await setup(t, backend, {}, ['W2'])
      // 11:50: 10 min left this morning + 210 min afternoon + 30 min overtime = 25 tickets of 10 min.
      h.clock.now = at(MONDAY, '11:50')
      for (let i = 1; i <= 25; i++) await issue(h, kiosk)
      assertError(t, await issue(h, kiosk), 409, 'QMS_ERR_DAILY_LIMIT')
      const base = hallInput()
      const off = await setup(t, backend, { hours: { ...base.hours!, capacityCutoff: false } }, ['W2'])
      off.h.clock.now = at(MONDAY, '16:50')
      for (let i = 1; i <= 12; i++) t.equal((await issue(off.h, off.kiosk)).statusCode, 201)
    })
  }),
)
