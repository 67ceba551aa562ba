// The hall document's appointments and greenChannel sections: defaults, references, round trip.
import t from 'tap'
import { validateHallDocument } from '../../src/config/validate-hall.ts'
import { hallInput } from './fixtures.ts'

t.test('defaults are filled in and the result validates again unchanged', async (t) => {
  const r = validateHallDocument(hallInput({ appointments: { services: { A: {} } }, greenChannel: {} }))
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  t.same(r.document.appointments, {
    services: { A: {} },
    slotMinutes: 30,
    share: 0.5,
    bookDaysAhead: 7,
    changeMinutes: 120,
    checkIn: { earlyMinutes: 15, lateMinutes: 10 },
    callAheadMinutes: 0,
    noShow: { limit: 3, withinDays: 90, restrictDays: 30 },
    class: 'appointment',
    public: true,
  })
  t.same(r.document.greenChannel, { class: 'green' })
  t.equal(r.document.hours?.capacityCutoff, true)
  const again = validateHallDocument(r.document)
  t.ok(again.ok && JSON.stringify(again.document) === JSON.stringify(r.document), 'stable')
})

t.test('references: bookable services and classes must exist; shapes are checked', async (t) => {
  const bad = validateHallDocument(
    hallInput({ appointments: { services: { A: {}, nope: {} }, class: 'vip' }, greenChannel: { class: 'elder' } }),
  )
  t.notOk(bad.ok)
  if (!bad.ok) {
    t.same(
      bad.errors.map((e) => e.path),
      ['appointments.services.nope', 'appointments.class', 'greenChannel.class'],
    )
  }
  const noClasses = validateHallDocument(hallInput({ priorityClasses: [] }))
  t.match(
    noClasses,
    { ok: false, errors: [{ path: 'appointments.class' }, { path: 'greenChannel.class' }] },
    'no classes: appointments cannot be priority',
  )
  const shape = validateHallDocument(hallInput({ appointments: { services: {}, share: 2, slotMinutes: 1 } as never }))
  t.notOk(shape.ok, 'share above 1 and 1-minute slots are refused')
})
