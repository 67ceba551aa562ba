// Check-in through the real routes, on the in-process store with PGlite and on Redis with real
// Postgres: the tolerance edges, a re-scan, check-in by ID card, a late arrival becoming a walk-in,
// and an appointment called near its slot while walk-ins keep moving.
import t, { type Test } from 'tap'
import { forEachBackend, type Backend } from '../http/fixtures/backends.ts'
import { assertError } from '../http/fixtures/app.ts'
import { ELDER_ID, MONDAY, PHONE, YOUNG_ID, at, bookingHarness, hallInput, type BookingHarness } from './fixtures.ts'

async function setup(t: Test, backend: Backend): Promise<{ h: BookingHarness; kiosk: string; clerk: string } | null> {
  const h = await bookingHarness(t, backend, backend.name === 'redis' ? 'postgres' : 'pglite')
  if (!h) return null
  await h.setupHall(hallInput(), [])
  const kiosk = await h.token('device', [h.hall], { device: 'kiosk-1' })
  const clerk = await h.token('clerk', [h.hall], { windows: ['W1', 'W2'] })
  return { h, kiosk, clerk }
}

async function book(h: BookingHarness, identity: Record<string, string>, slot = '10:00'): Promise<string> {
  const r = await h.req('POST', `/api/v1/halls/${h.hall}/appointments`, {
    token: null,
    body: { service: 'A', date: MONDAY, slot, identity },
  })
  if (r.statusCode !== 201) throw new Error(`book: ${r.statusCode} ${r.body}`)
  return (r.json() as { code: string }).code
}

t.test('check-in', (t) =>
  forEachBackend(t, async (t, backend) => {
    t.test('tolerance: 15 minutes early to 10 minutes late, both edges included', async (t) => {
      const s = await setup(t, backend)
      if (!s) return
      const { h, kiosk } = s
      const checkIn = (body: unknown) =>
        h.req('POST', `/api/v1/halls/${h.hall}/appointments/check-in`, { token: kiosk, body })
      const early = await book(h, { idCard: YOUNG_ID })
      const edge = await book(h, { idCard: ELDER_ID })
      const late = await book(h, { phone: PHONE }, '10:30')

      h.clock.now = at(MONDAY, '09:45') - 1
      const tooEarly = assertError(t, await checkIn({ code: early }), 409, 'QMS_ERR_CHECK_IN_TOO_EARLY')
      t.match(tooEarly.details, { from: '2025-03-03T09:45:00+08:00' })

      h.clock.now = at(MONDAY, '09:45')
      const first = await checkIn({ code: early })
      t.equal(first.statusCode, 201)
      t.match(first.json(), {
        late: false,
        appointment: { status: 'checked_in', ticket: { number: 'A001' } },
        ticket: {
          number: 'A001',
          class: 'appointment',
          priority: true,
          status: 'waiting',
          holder: '4403**********1233',
        },
        message: /签到成功/,
      })
      const again = await checkIn({ code: early.toLowerCase() })
      t.equal(again.statusCode, 200, 'a second scan: the same ticket')
      t.equal(again.json().ticket.id, first.json().ticket.id)

      h.clock.now = at(MONDAY, '10:10')
      const lastMinute = await checkIn({ identity: { idCard: ELDER_ID } })
      t.equal(lastMinute.statusCode, 201, 'exactly 10 minutes late, found by ID card')
      t.match(lastMinute.json(), { late: false, ticket: { class: 'appointment' }, appointment: { code: edge } })

      h.clock.now = at(MONDAY, '10:40') + 1
      const tooLate = await checkIn({ code: late })
      t.equal(tooLate.statusCode, 201)
      t.match(tooLate.json(), {
        late: true,
        appointment: { status: 'late' },
        ticket: { class: 'normal', priority: false, number: 'A003' },
        message: /超过预约签到时间.*regular walk-in/,
      })
      t.equal(
        (await checkIn({ code: late })).json().ticket.id,
        tooLate.json().ticket.id,
        'a re-scan keeps the walk-in ticket',
      )

      assertError(t, await checkIn({ code: 'ABCDEFGHJK' }), 404, 'QMS_ERR_APPOINTMENT_NOT_FOUND')
      assertError(t, await checkIn({ identity: { phone: '13900000000' } }), 404, 'QMS_ERR_APPOINTMENT_NOT_FOUND')
      assertError(
        t,
        await h.req('POST', `/api/v1/halls/${h.hall}/appointments/check-in`, { token: null, body: { code: early } }),
        401,
        'QMS_ERR_UNAUTHORIZED',
      )
    })

    t.test('callAheadMinutes: due that long before the slot', async (t) => {
      const h = await bookingHarness(t, backend, backend.name === 'redis' ? 'postgres' : 'pglite')
      if (!h) return
      await h.setupHall(hallInput({ appointments: { services: { A: {} }, callAheadMinutes: 5 } }), ['W2'])
      const kiosk = await h.token('device', [h.hall], { device: 'kiosk-1' })
      const code = await book(h, { idCard: YOUNG_ID })
      h.clock.now = at(MONDAY, '09:46')
      const { ticket } = (
        await h.req('POST', `/api/v1/halls/${h.hall}/appointments/check-in`, { token: kiosk, body: { code } })
      ).json()
      t.equal((await h.store.getTicket(h.hall, ticket.id))?.orderAt, at(MONDAY, '09:55'))
      h.clock.now = at(MONDAY, '09:55') - 1
      t.equal((await h.req('POST', `/api/v1/halls/${h.hall}/windows/W2/call-next`)).statusCode, 204)
      h.clock.now = at(MONDAY, '09:55')
      t.equal((await h.req('POST', `/api/v1/halls/${h.hall}/windows/W2/call-next`)).json().ticket.id, ticket.id)
    })

    t.test('an appointment is called near its slot while walk-ins keep moving', async (t) => {
      const s = await setup(t, backend)
      if (!s) return
      const { h, kiosk, clerk } = s
      const code = await book(h, { idCard: YOUNG_ID })
      h.clock.now = at(MONDAY, '09:00')
      for (const w of ['W1', 'W2']) await h.req('POST', `/api/v1/halls/${h.hall}/windows/${w}/open`, { token: clerk })
      const walkIn = async (hhmm: string): Promise<string> => {
        h.clock.now = at(MONDAY, hhmm)
        const r = await h.req('POST', `/api/v1/halls/${h.hall}/tickets`, { token: kiosk, body: { service: 'A' } })
        return r.json().number as string
      }
      const call = async (hhmm: string, w = 'W2'): Promise<string | null> => {
        h.clock.now = at(MONDAY, hhmm)
        const r = await h.req('POST', `/api/v1/halls/${h.hall}/windows/${w}/call-next`, { token: clerk })
        return r.statusCode === 204 ? null : (r.json().ticket.number as string)
      }
      h.clock.now = at(MONDAY, '09:46')
      const appt = (
        await h.req('POST', `/api/v1/halls/${h.hall}/appointments/check-in`, { token: kiosk, body: { code } })
      ).json()
      t.equal(appt.ticket.number, 'A001')
      t.equal(appt.ticket.ahead, 0, 'nothing before it in its band')
      const w1 = await walkIn('09:47')
      const w2 = await walkIn('09:48')
      t.equal(await call('09:50'), w1, 'the early appointment does not jump ahead')
      t.equal(await call('09:55'), w2)
      t.equal(await call('09:58'), null, 'not due yet: nothing to call')
      const w3 = await walkIn('09:59')
      t.equal(await call('10:00', 'W1'), 'A001', 'at its slot the appointment goes first')
      t.equal(await call('10:01'), w3, 'then walk-ins again')
      const ticket = (await h.req('GET', `/api/v1/halls/${h.hall}/tickets/${appt.ticket.id}`, { token: null })).json()
      t.match(ticket, { status: 'called', rule: 'priority', window: 'W1' })
    })
  }),
)
