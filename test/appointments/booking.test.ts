// Booking rules on both databases (real Postgres, PGlite): one booking per person, service and
// day; capacity per slot, also under concurrency; slot rules; change and cancel deadlines; the
// no-show record and the booking restriction for repeat no-shows.
import t, { type Test } from 'tap'
import { AppointmentService } from '../../src/appointments/appointment-service.ts'
import { startNoShowSweeper } from '../../src/appointments/no-show-sweeper.ts'
import { HallService } from '../../src/core/hall-service.ts'
import { MemoryQueueStore } from '../../src/store/memory/memory-store.ts'
import { ELDER_ID, MONDAY, PHONE, TUESDAY, YOUNG_ID, at, hallInput, identity, testDb } from './fixtures.ts'

const HALL = 'h-booking'
const alice = identity.resolve({ idCard: YOUNG_ID })!
const bob = identity.resolve({ idCard: ELDER_ID })!
const carol = identity.resolve({ phone: PHONE })!
const people = Array.from({ length: 10 }, (_, i) => identity.resolve({ phone: `1390000000${i}` })!)

async function setup(t: Test, name: 'postgres' | 'pglite', over = {}) {
  const db = await testDb(t, name)
  if (!db) return null
  const clock = { now: at(MONDAY, '08:00') }
  const store = new MemoryQueueStore()
  const halls = new HallService(store, () => clock.now, 0)
  await halls.configure(HALL, hallInput(over))
  const svc = new AppointmentService(db, halls, () => clock.now)
  const book = (person = alice, slot = '10:00', date = MONDAY, service = 'A') =>
    svc.book(HALL, { service, date, slot, person, by: null })
  return { db, clock, svc, book, halls }
}

for (const name of ['postgres', 'pglite'] as const) {
  t.test(name, async (t) => {
    t.test('a booking: code, masked holder, check-in window, listed for staff', async (t) => {
      const s = await setup(t, name)
      if (!s) return
      const a = await s.book()
      t.match(a, {
        code: /^[A-HJ-NP-Z2-9]{10}$/,
        hall: HALL,
        service: 'A',
        date: MONDAY,
        slot: { start: '10:00', end: '10:30' },
        startsAt: '2025-03-03T10:00:00+08:00',
        checkIn: { from: '2025-03-03T09:45:00+08:00', until: '2025-03-03T10:10:00+08:00' },
        status: 'booked',
        holder: '4403**********1233',
      })
      t.same(await s.svc.get(HALL, a.code.toLowerCase()), a, 'codes are case-insensitive')
      t.same(
        (await s.svc.list(HALL, MONDAY)).map((x) => x.code),
        [a.code],
      )
      await t.rejects(s.svc.get(HALL, 'ABCDEFGHJK'), { code: 'QMS_ERR_APPOINTMENT_NOT_FOUND' })
      await s.halls.configure('h-other', hallInput())
      await t.rejects(s.svc.get('h-other', a.code), { code: 'QMS_ERR_APPOINTMENT_NOT_FOUND' }, 'codes are per hall')
    })

    t.test('one booking per person, service and day', async (t) => {
      const s = await setup(t, name)
      if (!s) return
      const first = await s.book(alice, '10:00')
      await t.rejects(s.book(alice, '14:00'), { code: 'QMS_ERR_ALREADY_BOOKED' }, 'same day, other slot')
      await t.rejects(s.book(alice, '10:00'), { code: 'QMS_ERR_ALREADY_BOOKED' }, 'same slot')
      t.ok(await s.book(alice, '10:00', MONDAY, 'C'), 'another service')
      t.ok(await s.book(alice, '10:00', TUESDAY), 'another day')
      t.ok(await s.book(carol, '10:00'), 'another person (by phone)')
      await s.svc.cancel(HALL, first.code)
      t.match(await s.book(alice, '14:00'), { status: 'booked' }, 'after cancelling, again')
    })

    t.test('a slot takes its capacity and no more, also under concurrent bookings', async (t) => {
      const s = await setup(t, name)
      if (!s) return
      const results = await Promise.allSettled(people.map((p) => s.book(p, '10:00')))
      const ok = results.filter((r) => r.status === 'fulfilled')
      t.equal(ok.length, 2, 'perSlot 2')
      t.ok(
        results.every(
          (r) => r.status === 'fulfilled' || (r.reason as { code: string }).code === 'QMS_ERR_SLOT_UNAVAILABLE',
        ),
        'the rest: slot full',
      )
      const slot = (await s.svc.slots(HALL, 'A', MONDAY)).slots.find((x) => x.start === '10:00')
      t.same(slot, { start: '10:00', end: '10:30', capacity: 2, booked: 2, available: 0 })
      const same = await Promise.allSettled(['11:00', '11:30', '13:30', '14:00'].map((slot) => s.book(bob, slot)))
      t.equal(same.filter((r) => r.status === 'fulfilled').length, 1, 'one person racing for four slots gets one')
    })

    t.test('what cannot be booked', async (t) => {
      const s = await setup(t, name)
      if (!s) return
      const refused = async (p: Promise<unknown>, code: string, msg: string) => t.rejects(p, { code }, msg)
      await refused(s.book(alice, '10:15'), 'QMS_ERR_SLOT_UNAVAILABLE', 'not a slot start')
      await refused(s.book(alice, '12:30'), 'QMS_ERR_SLOT_UNAVAILABLE', 'lunch break')
      await refused(s.book(alice, '10:00', '2025-03-11'), 'QMS_ERR_SLOT_UNAVAILABLE', 'beyond 7 days ahead')
      await refused(s.book(alice, '10:00', '2025-03-02'), 'QMS_ERR_SLOT_UNAVAILABLE', 'yesterday')
      await refused(s.book(alice, '10:00', TUESDAY, 'C'), 'QMS_ERR_SLOT_UNAVAILABLE', 'C does not run on Tuesdays')
      await refused(s.book(alice, '10:00', MONDAY, 'B'), 'QMS_ERR_SERVICE_UNAVAILABLE', 'B takes no bookings')
      await refused(s.book(alice, '10:00', MONDAY, 'Z'), 'QMS_ERR_SERVICE_NOT_FOUND', 'unknown service')
      s.clock.now = at(MONDAY, '10:00')
      await refused(s.book(alice, '10:00'), 'QMS_ERR_SLOT_UNAVAILABLE', 'a slot that has started')
      t.notOk(
        (await s.svc.slots(HALL, 'A', MONDAY)).slots.some((x) => x.start <= '10:00'),
        'and it is not listed',
      )
      t.ok(await s.book(alice, '10:30'), 'a later slot today is fine')
    })

    t.test('cancel and change until the deadline (60 minutes before the slot)', async (t) => {
      const s = await setup(t, name)
      if (!s) return
      const a = await s.book(alice, '10:00')
      const b = await s.book(bob, '10:00')
      s.clock.now = at(MONDAY, '09:00') // exactly 60 minutes before: still allowed
      t.match(await s.svc.cancel(HALL, a.code), { status: 'cancelled' })
      await t.rejects(s.svc.cancel(HALL, a.code), { code: 'QMS_ERR_CHANGE_DEADLINE', details: { status: 'cancelled' } })
      s.clock.now = at(MONDAY, '09:00') + 1
      await t.rejects(s.svc.cancel(HALL, b.code), { code: 'QMS_ERR_CHANGE_DEADLINE' }, '1 ms past the deadline')
      await t.rejects(s.svc.change(HALL, b.code, { date: MONDAY, slot: '14:00' }), { code: 'QMS_ERR_CHANGE_DEADLINE' })
      t.match(await s.svc.get(HALL, b.code), { status: 'booked', slot: { start: '10:00' } }, 'unchanged')
    })

    t.test('change: same code, new slot; the old place frees; a full slot refuses', async (t) => {
      const s = await setup(t, name)
      if (!s) return
      const a = await s.book(alice, '10:00')
      await s.book(bob, '14:00')
      await s.book(carol, '14:00')
      await t.rejects(s.svc.change(HALL, a.code, { date: MONDAY, slot: '14:00' }), { code: 'QMS_ERR_SLOT_UNAVAILABLE' })
      const moved = await s.svc.change(HALL, a.code, { date: TUESDAY, slot: '15:00' })
      t.match(moved, { code: a.code, date: TUESDAY, slot: { start: '15:00' }, startsAt: '2025-03-04T15:00:00+08:00' })
      const monday = (await s.svc.slots(HALL, 'A', MONDAY)).slots.find((x) => x.start === '10:00')
      t.equal(monday?.booked, 0, 'the old slot is free again')
      t.match(
        await s.svc.change(HALL, a.code, { date: TUESDAY, slot: '15:30' }),
        { slot: { start: '15:30' } },
        'within the same day',
      )
    })

    t.test('no-shows are recorded; repeat no-shows restrict booking for a while', async (t) => {
      // limit 2 within 30 days; restricted for 7 days after the latest.
      const s = await setup(t, name)
      if (!s) return
      const first = await s.book(alice, '09:00')
      s.clock.now = at(MONDAY, '09:10') // the last on-time minute: not yet a no-show
      await s.book(alice, '09:00', TUESDAY)
      t.match(await s.svc.get(HALL, first.code), { status: 'booked' })
      s.clock.now = at(MONDAY, '09:10') + 1
      const stop = startNoShowSweeper(s.db, { now: () => s.clock.now, intervalMs: 3_600_000 })
      await stop()
      t.match(await s.svc.get(HALL, first.code), { status: 'no_show' }, 'the sweeper records it')
      s.clock.now = at(TUESDAY, '09:11')
      await t.rejects(
        s.book(alice, '10:00', '2025-03-05'),
        {
          code: 'QMS_ERR_BOOKING_RESTRICTED',
          details: { until: '2025-03-11T01:00:00.000Z', noShows: 2 },
        },
        'two no-shows: restricted until 7 days after the latest slot (recorded while booking)',
      )
      t.ok(await s.book(bob, '10:00', '2025-03-05'), 'others are not affected')
      s.clock.now = at('2025-03-11', '09:00') + 1
      t.match(await s.book(alice, '10:00', '2025-03-12'), { status: 'booked' }, 'after the restriction')
    })
  })
}
