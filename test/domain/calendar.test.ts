import t from 'tap'
import { businessDate, issuingStatus, localTime, type IssuingStatus } from '../../src/domain/calendar.ts'
import { validateHallDocument } from '../../src/config/validate-hall.ts'
import type { HallDocument } from '../../src/config/hall-document.ts'
import { loadHallFile } from '../../src/config/load-hall-file.ts'
import { isQmsError } from '../../src/domain/errors.ts'

/** Epoch ms of a wall-clock time in Asia/Shanghai (UTC+8, no DST). */
const shanghai = (local: string): number => Date.parse(`${local}+08:00`)

function hall(extra: Record<string, unknown>): HallDocument {
  const r = validateHallDocument({
    name: '测试大厅',
    timezone: 'Asia/Shanghai',
    services: [
      { id: 'social-security', name: '社保业务', nameEn: 'Social security', prefix: 'A' },
      {
        id: 'exit-entry',
        name: '港澳通行证',
        nameEn: 'HK & Macao permits',
        prefix: 'E',
        weekdays: ['mon', 'wed', 'fri'],
      },
    ],
    windows: [{ id: '1', name: '1号窗口', services: ['social-security', 'exit-entry'] }],
    ...extra,
  })
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.document
}

const day = [
  { open: '09:00', close: '12:00' },
  { open: '13:00', close: '17:00' },
]
const HOURS = {
  weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [{ open: '09:00', close: '12:00' }] },
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  workdays: ['2026-10-10'],
}
const doc = hall({ hours: HOURS })

function closed(s: IssuingStatus): Exclude<IssuingStatus, { open: true }> {
  if (s.open) throw new Error('expected issuing to be refused')
  return s
}

t.test('business date and local time roll over at Shanghai midnight, not UTC midnight', async (t) => {
  const before = Date.parse('2026-11-22T15:59:59Z')
  const after = Date.parse('2026-11-22T16:00:00Z')
  t.equal(businessDate('Asia/Shanghai', before), '2026-11-22')
  t.equal(businessDate('Asia/Shanghai', after), '2026-11-23')
  t.same(localTime('Asia/Shanghai', before), { date: '2026-11-22', time: '23:59', secondOfDay: 86399, weekday: 'sun' })
  t.same(localTime('Asia/Shanghai', after), { date: '2026-11-23', time: '00:00', secondOfDay: 0, weekday: 'mon' })
  t.equal(businessDate('UTC', after), '2026-11-22', 'the same instant is still the 22nd in UTC')
  t.equal(businessDate('Europe/London', Date.parse('2026-07-01T23:30:00Z')), '2026-07-02', 'summer time (UTC+1)')
})

t.test('open during weekday hours; closed over the lunch break, before and after hours', async (t) => {
  t.same(issuingStatus(doc, 'social-security', shanghai('2026-11-24T09:00:00')), { open: true })
  t.same(issuingStatus(doc, 'social-security', shanghai('2026-11-24T11:59:59')), { open: true })
  t.same(issuingStatus(doc, 'social-security', shanghai('2026-11-24T16:59:59')), { open: true })

  const lunch = closed(issuingStatus(doc, 'social-security', shanghai('2026-11-24T12:00:00')))
  t.equal(lunch.code, 'QMS_ERR_HALL_CLOSED')
  t.equal(lunch.nextOpening, '2026-11-24 13:00')
  t.equal(
    lunch.message,
    '大厅午间休息，下次开放时间 2026-11-24 13:00 / The hall is on its midday break; it opens next at 2026-11-24 13:00',
  )

  const early = closed(issuingStatus(doc, 'social-security', shanghai('2026-11-24T08:59:59')))
  t.equal(early.nextOpening, '2026-11-24 09:00')
  t.match(early.message, /^大厅尚未开始办公/)

  const evening = closed(issuingStatus(doc, 'social-security', shanghai('2026-11-24T17:00:00')))
  t.equal(evening.code, 'QMS_ERR_HALL_CLOSED')
  t.equal(evening.nextOpening, '2026-11-25 09:00')
  t.equal(
    evening.message,
    '大厅已下班，下次开放时间 2026-11-25 09:00 / The hall is closed; it opens next at 2026-11-25 09:00',
  )
})

t.test('nextOpening across a weekend', async (t) => {
  const saturdayNoon = closed(issuingStatus(doc, 'social-security', shanghai('2026-11-21T12:30:00')))
  t.equal(saturdayNoon.nextOpening, '2026-11-23 09:00', 'Saturday afternoon → Monday (Sunday closed)')
  t.match(saturdayNoon.message, /^大厅已下班/)
  const sunday = closed(issuingStatus(doc, 'social-security', shanghai('2026-11-22T10:00:00')))
  t.equal(sunday.code, 'QMS_ERR_HALL_CLOSED')
  t.equal(sunday.nextOpening, '2026-11-23 09:00')
  t.equal(
    sunday.message,
    '今日大厅不开放，下次开放时间 2026-11-23 09:00 / The hall is closed today; it opens next at 2026-11-23 09:00',
  )
  const friday = closed(issuingStatus(doc, 'social-security', shanghai('2026-11-20T17:30:00')))
  t.equal(friday.nextOpening, '2026-11-21 09:00', 'Friday evening → Saturday morning')
  const fridayMwf = closed(issuingStatus(doc, 'exit-entry', shanghai('2026-11-20T17:30:00')))
  t.equal(fridayMwf.code, 'QMS_ERR_HALL_CLOSED')
  t.equal(fridayMwf.nextOpening, '2026-11-23 09:00', 'a Mon/Wed/Fri service skips Saturday')
})

t.test('a holiday is closed; the next opening skips the whole holiday', async (t) => {
  const national = closed(issuingStatus(doc, 'social-security', shanghai('2026-10-01T10:00:00')))
  t.equal(national.code, 'QMS_ERR_HALL_CLOSED')
  t.equal(national.nextOpening, '2026-10-08 09:00')
  const eve = closed(issuingStatus(doc, 'social-security', shanghai('2026-09-30T17:05:00')))
  t.equal(eve.nextOpening, '2026-10-08 09:00')
})

t.test('a make-up working day is open with the hours (and weekday) it follows', async (t) => {
  // 2026-10-10 is a Saturday: normally only 09:00–12:00, but as a make-up day it works Monday hours.
  t.same(issuingStatus(doc, 'social-security', shanghai('2026-10-10T14:00:00')), { open: true })
  t.same(issuingStatus(doc, 'exit-entry', shanghai('2026-10-10T14:00:00')), { open: true }, 'it counts as a Monday')
  t.equal(
    closed(issuingStatus(doc, 'social-security', shanghai('2026-10-17T14:00:00'))).code,
    'QMS_ERR_HALL_CLOSED',
    'an ordinary Saturday afternoon',
  )
  const followsTue = hall({ hours: { ...HOURS, workdaysFollow: 'tue' } })
  t.equal(
    closed(issuingStatus(followsTue, 'exit-entry', shanghai('2026-10-10T10:00:00'))).code,
    'QMS_ERR_SERVICE_UNAVAILABLE',
  )
})

t.test('a Mon/Wed/Fri service on a Tuesday is unavailable while the hall is open', async (t) => {
  const s = closed(issuingStatus(doc, 'exit-entry', shanghai('2026-11-24T10:00:00')))
  t.equal(s.code, 'QMS_ERR_SERVICE_UNAVAILABLE')
  t.equal(s.nextOpening, '2026-11-25 09:00')
  t.equal(
    s.message,
    '港澳通行证今日不办理，下次办理时间 2026-11-25 09:00 / HK & Macao permits is not available today; next available at 2026-11-25 09:00',
  )
  t.same(issuingStatus(doc, 'exit-entry', shanghai('2026-11-25T10:00:00')), { open: true }, 'Wednesday')
  t.same(
    issuingStatus(doc, 'social-security', shanghai('2026-11-24T10:00:00')),
    { open: true },
    'other services are open',
  )
})

t.test('without hours the hall is always open; service weekdays still apply', async (t) => {
  const always = hall({})
  t.same(issuingStatus(always, 'social-security', shanghai('2026-11-22T03:00:00')), { open: true })
  t.same(issuingStatus(always, 'social-security', shanghai('2026-10-01T23:59:59')), { open: true })
  const s = closed(issuingStatus(always, 'exit-entry', shanghai('2026-11-24T10:00:00')))
  t.equal(s.code, 'QMS_ERR_SERVICE_UNAVAILABLE')
  t.equal(s.nextOpening, '2026-11-25 00:00')
})

t.test('a hall that never opens has no next opening', async (t) => {
  const never = hall({ hours: { weekly: {} } })
  const s = closed(issuingStatus(never, 'social-security', shanghai('2026-11-24T10:00:00')))
  t.equal(s.nextOpening, null)
  t.equal(s.message, '今日大厅不开放，近期无开放安排 / The hall is closed today; no opening is scheduled soon')
})

t.test('an unknown service is QMS_ERR_SERVICE_NOT_FOUND', async (t) => {
  const err = (() => {
    try {
      issuingStatus(doc, 'tax', Date.now())
    } catch (e) {
      return e
    }
  })()
  t.ok(isQmsError(err) && err.code === 'QMS_ERR_SERVICE_NOT_FOUND')
})

t.test('the demo hall: Spring Festival, its make-up Saturday, and exit-entry on Tuesdays', async (t) => {
  const demo = await loadHallFile(new URL('../../config/demo-hall.json', import.meta.url).pathname)
  const festival = closed(issuingStatus(demo, 'social-security', shanghai('2026-02-16T10:00:00')))
  t.equal(festival.nextOpening, '2026-02-24 09:00', 'closed 02-15 to 02-23')
  t.same(issuingStatus(demo, 'tax', shanghai('2026-02-28T15:00:00')), { open: true }, 'make-up Saturday afternoon')
  t.equal(
    closed(issuingStatus(demo, 'exit-entry', shanghai('2026-11-24T10:00:00'))).code,
    'QMS_ERR_SERVICE_UNAVAILABLE',
  )
})
