// The appointment routes as a citizen and staff use them: options, slots, book, look up, change,
// cancel, the day's list; who may do what; schema refusals that never echo an identity.
import t from 'tap'
import { assertError } from '../http/fixtures/app.ts'
import { forEachBackend } from '../http/fixtures/backends.ts'
import { MONDAY, PHONE, TUESDAY, YOUNG_ID, at, bookingHarness, hallInput } from './fixtures.ts'

t.test('appointment routes', (t) =>
  forEachBackend(t, async (t, backend) => {
    const h = await bookingHarness(t, backend, backend.name === 'redis' ? 'postgres' : 'pglite')
    if (!h) return
    await h.setupHall(hallInput(), [])
    const base = `/api/v1/halls/${h.hall}/appointments`
    const display = await h.token('display', [h.hall])
    const kiosk = await h.token('device', [h.hall], { device: 'k1' })
    const clerk = await h.token('clerk', [h.hall], { windows: ['W1'] })

    const options = await h.req('GET', `${base}/options`, { token: null })
    t.same(options.json(), {
      hall: h.hall,
      name: '预约测试大厅',
      nameEn: 'Booking test hall',
      today: MONDAY,
      dates: [
        '2025-03-03',
        '2025-03-04',
        '2025-03-05',
        '2025-03-06',
        '2025-03-07',
        '2025-03-08',
        '2025-03-09',
        '2025-03-10',
      ],
      changeMinutes: 60,
      services: [
        { id: 'A', name: '社保', nameEn: 'Social insurance' },
        { id: 'C', name: '公积金' },
      ],
    })
    const slots = (await h.req('GET', `${base}/slots?service=A&date=${MONDAY}`, { token: null })).json()
    t.match(slots, { service: 'A', date: MONDAY, slotMinutes: 30 })
    t.equal(slots.slots.length, 13)
    t.same(slots.slots[0], { start: '09:00', end: '09:30', capacity: 2, booked: 0, available: 2 })
    assertError(
      t,
      await h.req('GET', `${base}/slots?service=A&date=03-03-2025`, { token: null }),
      400,
      'QMS_ERR_VALIDATION',
    )
    assertError(
      t,
      await h.req('GET', `${base}/slots?service=B&date=${MONDAY}`, { token: null }),
      409,
      'QMS_ERR_SERVICE_UNAVAILABLE',
    )

    const book = (body: unknown, token: string | null = null) => h.req('POST', base, { token, body })
    const created = await book({ service: 'A', date: MONDAY, slot: '09:00', identity: { idCard: YOUNG_ID } })
    t.equal(created.statusCode, 201)
    const code = created.json().code as string
    t.notMatch(created.body, YOUNG_ID)
    assertError(
      t,
      await book({ service: 'A', date: MONDAY, slot: '09:00', identity: {} }),
      400,
      'QMS_ERR_IDENTITY_INVALID',
    )
    const tooLong = await book({ service: 'A', date: MONDAY, slot: '09:00', identity: { phone: '1'.repeat(40) } })
    assertError(t, tooLong, 400, 'QMS_ERR_VALIDATION')
    t.notMatch(tooLong.body, '1111111111', 'the value is not repeated')
    assertError(
      t,
      await book({ service: 'A', date: MONDAY, slot: '09:00', identity: { phone: PHONE } }, display),
      403,
      'QMS_ERR_FORBIDDEN',
    )
    t.equal(
      (await book({ service: 'C', date: MONDAY, slot: '09:00', identity: { phone: PHONE } }, kiosk)).statusCode,
      201,
      'a kiosk books for a citizen',
    )

    t.match((await h.req('GET', `${base}/${code}`, { token: null })).json(), {
      code,
      status: 'booked',
      holder: '4403**********1233',
    })
    assertError(t, await h.req('GET', `${base}/short`, { token: null }), 400, 'QMS_ERR_VALIDATION')
    const moved = await h.req('POST', `${base}/${code}/change`, { token: null, body: { date: TUESDAY, slot: '09:30' } })
    t.match(moved.json(), { code, date: TUESDAY, slot: { start: '09:30', end: '10:00' } })
    const list = await h.req('GET', `${base}?date=${TUESDAY}`, { token: clerk })
    t.same(
      list.json().appointments.map((a: { code: string }) => a.code),
      [code],
    )
    assertError(t, await h.req('GET', `${base}?date=${TUESDAY}`, { token: kiosk }), 403, 'QMS_ERR_FORBIDDEN')
    assertError(t, await h.req('GET', `${base}?date=${TUESDAY}`, { token: null }), 401, 'QMS_ERR_UNAUTHORIZED')
    t.match((await h.req('POST', `${base}/${code}/cancel`, { token: null })).json(), { status: 'cancelled' })

    h.clock.now = at(MONDAY, '09:00')
    t.notOk(
      (await h.req('GET', `${base}/slots?service=A&date=${MONDAY}`, { token: null }))
        .json()
        .slots.some((s: { start: string }) => s.start === '09:00'),
      'a started slot is gone',
    )

    await h.req('PUT', `/api/v1/halls/${h.hall}`, {
      body: hallInput({ appointments: { services: { A: {} }, public: false } }),
    })
    assertError(
      t,
      await book({ service: 'A', date: TUESDAY, slot: '10:00', identity: { phone: PHONE } }),
      401,
      'QMS_ERR_UNAUTHORIZED',
    )
    await h.req('PUT', `/api/v1/halls/${h.hall}`, { body: hallInput({ appointments: undefined }) })
    assertError(t, await h.req('GET', `${base}/options`, { token: null }), 409, 'QMS_ERR_SERVICE_UNAVAILABLE')
  }),
)
