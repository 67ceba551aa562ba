// Slot generation from the hall's hours (periods, lunch break, holidays, make-up working days,
// service weekdays) in Asia/Shanghai, and capacity from the windows serving the service.
import t from 'tap'
import { maxPerSlot, slotCapacity, slotsOn } from '../../src/appointments/slots.ts'
import { epochOf } from '../../src/appointments/zoned-time.ts'
import { MONDAY, TUESDAY, hallDocument } from './fixtures.ts'

const starts = (doc: ReturnType<typeof hallDocument>, service: string, date: string): string[] =>
  slotsOn(doc, service, date).map((s) => s.start)

const MONDAY_STARTS = [
  '09:00',
  '09:30',
  '10:00',
  '10:30',
  '11:00',
  '11:30',
  '13:30',
  '14:00',
  '14:30',
  '15:00',
  '15:30',
  '16:00',
  '16:30',
]

t.test('slots tile each period; none in the lunch break; the last ends by closing', async (t) => {
  const doc = hallDocument()
  const slots = slotsOn(doc, 'A', MONDAY)
  t.same(
    slots.map((s) => s.start),
    MONDAY_STARTS,
  )
  t.same(slots.at(-1), { start: '16:30', end: '17:00', startMinute: 990, capacity: 2 })
  t.notOk(
    slots.some((s) => s.start >= '12:00' && s.start < '13:30'),
    'lunch break 12:00–13:30',
  )
  const odd = hallDocument({ appointments: { services: { A: {} }, slotMinutes: 45 } })
  t.same(
    starts(odd, 'A', MONDAY),
    ['09:00', '09:45', '10:30', '11:15', '13:30', '14:15', '15:00', '15:45'],
    '11:15 ends at 12:00; 16:30 + 45 > 17:00',
  )
})

t.test('capacity: configured per slot, never above the share of the windows serving it', async (t) => {
  const doc = hallDocument()
  const cfg = doc.appointments!
  // A: 2 windows (W1, W2), 10 min each, 30-min slots, share 0.5 → 0.5 × 2 × 30 / 10 = 3.
  t.equal(maxPerSlot(doc, cfg, 'A'), 3)
  t.equal(slotCapacity(doc, cfg, 'A'), 2, 'perSlot 2 < 3')
  // C: 1 window (W3), 10 min → 1.5 → 1; no perSlot configured.
  t.equal(slotCapacity(doc, cfg, 'C'), 1)
  const greedy = hallDocument({ appointments: { services: { A: { perSlot: 50 } }, share: 0.8 } })
  t.equal(slotCapacity(greedy, greedy.appointments!, 'A'), 4, 'floor(0.8 × 2 × 30 / 10) = 4, not 50')
  const none = hallDocument({ appointments: { services: { A: {} }, share: 0 } })
  t.equal(slotCapacity(none, none.appointments!, 'A'), 0, 'share 0: the windows are for walk-ins only')
})

t.test('services that are not bookable have no slots', async (t) => {
  const doc = hallDocument()
  t.same(slotsOn(doc, 'B', MONDAY), [])
  t.same(slotsOn(hallDocument({ appointments: undefined }), 'A', MONDAY), [])
})

t.test('holidays, make-up working days and weekends (Asia/Shanghai, 2025 National Day)', async (t) => {
  const doc = hallDocument()
  t.same(slotsOn(doc, 'A', '2025-10-01'), [], 'Wednesday 1 Oct: holiday')
  t.same(slotsOn(doc, 'A', '2025-10-08'), [], 'Wednesday 8 Oct: holiday')
  t.same(slotsOn(doc, 'A', '2025-09-27'), [], 'an ordinary Saturday: closed')
  t.same(starts(doc, 'A', '2025-09-28'), MONDAY_STARTS, 'Sunday 28 Sep: make-up working day with Monday hours')
  t.same(starts(doc, 'A', '2025-10-11'), MONDAY_STARTS, 'Saturday 11 Oct: make-up working day')
  t.same(starts(doc, 'C', '2025-10-11'), MONDAY_STARTS, 'a make-up day follows Monday: the Mon/Wed/Fri service runs')
  const followsTuesday = hallDocument({ hours: { ...hallDocument().hours!, workdaysFollow: 'tue' } })
  t.same(slotsOn(followsTuesday, 'C', '2025-10-11'), [], 'made to follow Tuesday: it does not')
})

t.test('a Mon/Wed/Fri-only service on a Tuesday has no slots', async (t) => {
  const doc = hallDocument()
  t.same(slotsOn(doc, 'C', TUESDAY), [])
  t.equal(slotsOn(doc, 'C', MONDAY).length, 13)
  t.equal(slotsOn(doc, 'C', '2025-03-05').length, 13, 'Wednesday')
  t.equal(slotsOn(doc, 'A', TUESDAY).length, 13, 'other services run on Tuesday')
})

t.test('hall-local wall time to epoch', async (t) => {
  t.equal(epochOf('Asia/Shanghai', MONDAY, 9 * 60), Date.parse('2025-03-03T09:00:00+08:00'))
  t.equal(epochOf('Asia/Shanghai', '2025-12-31', 23 * 60 + 30), Date.parse('2025-12-31T23:30:00+08:00'))
  t.equal(epochOf('Asia/Urumqi', MONDAY, 0), Date.parse('2025-03-03T00:00:00+06:00'))
  t.equal(epochOf('Europe/Berlin', '2025-07-01', 600), Date.parse('2025-07-01T10:00:00+02:00'), 'summer time')
  t.equal(epochOf('Europe/Berlin', '2025-01-15', 600), Date.parse('2025-01-15T10:00:00+01:00'))
})
