import t from 'tap'
import { loadHallFile } from '../../src/config/load-hall-file.ts'
import { compileHall } from '../../src/config/compile-hall.ts'
import { slotsOn } from '../../src/appointments/slots.ts'

const DEMO = new URL('../../config/demo-hall.json', import.meta.url).pathname

t.test('the demo hall is valid and compiles', async (t) => {
  const doc = await loadHallFile(DEMO)
  const rt = compileHall('futian', doc)
  t.ok(doc.services.length >= 8)
  t.ok(doc.windows.length >= 10)
  t.same(new Set(doc.services.map((s) => s.category)), new Set(['personal', 'business']))
  t.equal(doc.services.find((s) => s.id === 'real-estate')?.mode, 'assigned')
  t.same(doc.services.find((s) => s.id === 'exit-entry')?.weekdays, ['mon', 'wed', 'fri'])
  t.ok(doc.services.some((s) => s.dailyLimit !== undefined))
  const flexible = doc.windows.find((w) => w.policy.mode === 'weighted')
  t.ok(flexible && flexible.services.length >= 3, 'a weighted multi-service window')
  for (const w of doc.windows) {
    t.ok(
      doc.devices.some((d) => d.type === 'led' && d.window === w.id),
      `window ${w.id} has an LED`,
    )
  }
  for (const type of ['board', 'speaker', 'evaluator', 'keypad', 'kiosk', 'printer']) {
    t.ok(
      doc.devices.some((d) => d.type === type),
      `has a ${type}`,
    )
  }
  t.same(doc.devices.find((d) => d.type === 'led')?.profile, { cols: 16, rows: 2, charset: 'GB2312' })
  t.same(doc.devices.find((d) => d.type === 'speaker')?.profile, { languages: ['zh', 'en'], repeat: 2 })
  t.same(doc.devices.find((d) => d.type === 'printer')?.profile, { width: 48 })
  t.same(rt.classBands.at(-1), 'normal')
})

t.test('the demo hall takes bookings and has an age rule for the green channel', async (t) => {
  const doc = await loadHallFile(DEMO)
  const appointments = doc.appointments!
  t.ok(appointments, 'an appointments section')
  const bookable = Object.keys(appointments.services)
  t.ok(bookable.length >= 5, 'most services can be booked')
  t.notOk(bookable.includes('consultation'), 'general enquiries stay walk-in only')
  for (const id of bookable)
    t.ok(
      doc.services.some((s) => s.id === id),
      `${id} is a service of the hall`,
    )
  t.match(appointments, {
    slotMinutes: 30,
    public: true,
    class: 'appointment',
    checkIn: { earlyMinutes: 15, lateMinutes: 10 },
  })
  t.ok(appointments.share > 0 && appointments.share < 1, 'walk-ins keep part of the windows')
  t.ok(
    doc.priorityClasses.some((c) => c.id === appointments.class),
    'the appointment class exists',
  )
  for (const id of bookable) {
    const slots = slotsOn(doc, id, '2026-03-02') // a Monday: every service runs
    t.equal(slots.length, 14, `${id}: 30-minute slots 09:00–12:00 and 13:00–17:00`)
    t.ok(slots[0]!.capacity >= 1, `${id}: its windows leave room for at least one booking per slot`)
  }
  t.same(doc.greenChannel, { class: 'green', minAge: 60 })
  t.ok(
    doc.priorityClasses.some((c) => c.id === 'green'),
    'the green class exists',
  )
})

// From the State Council notice of 2025-11-04 (/work/shared/data/cn-public-holidays-2026.json).
t.test('the demo hall carries the 2026 national holiday calendar', async (t) => {
  const doc = await loadHallFile(DEMO)
  const hours = doc.hours!
  t.equal(hours.holidays.length, 33, '元旦 3 + 春节 9 + 清明 3 + 劳动节 5 + 端午 3 + 中秋 3 + 国庆 7')
  for (const d of ['2026-01-01', '2026-02-15', '2026-02-23', '2026-05-05', '2026-09-25', '2026-10-01', '2026-10-07']) {
    t.ok(hours.holidays.includes(d), `${d} is a holiday`)
  }
  t.same(hours.workdays, ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'])
  t.same(hours.weekly.sat, [{ open: '09:00', close: '12:00' }])
  t.same(hours.weekly.sun, [])
})
