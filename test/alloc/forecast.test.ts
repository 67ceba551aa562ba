import t from 'tap'
import type { HallHours } from '../../src/config/hall-document.ts'
import { addDays } from '../../src/domain/calendar.ts'
import { dayInfo } from '../../src/domain/alloc/day-kind.ts'
import { blendWithToday, forecastDay, type DayCounts } from '../../src/domain/alloc/forecast.ts'
import {
  modifiedOfferedLoad,
  exponentialSurvival,
  lognormalSurvival,
  stationaryOfferedLoad,
} from '../../src/domain/alloc/offered-load.ts'

const day = [
  { open: '09:00', close: '12:00' },
  { open: '13:00', close: '17:00' },
]
// 2026 national holidays around 国庆 and 中秋 (cn-public-holidays-2026.json), with the make-up day.
const hours: HallHours = {
  weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] },
  holidays: ['2026-09-25', '2026-09-26', '2026-09-27', ...[1, 2, 3, 4, 5, 6, 7].map((d) => `2026-10-0${d}`)],
  workdays: ['2026-09-20', '2026-10-10'],
  workdaysFollow: 'mon',
  overtimeMinutes: 30,
  capacityCutoff: true,
}

/** A day with `n` arrivals in each of the slots 09:00–09:45 (slots 36–39). */
const counts = (n: number): DayCounts => {
  const slots = new Array<number>(96).fill(0)
  for (let i = 36; i < 40; i++) slots[i] = n
  return { a: slots }
}

/** Every open day from `from` (inclusive) for `days`, with the count chosen by `f`. */
function history(from: string, days: number, f: (date: string) => number, extra = new Map<string, DayCounts>()) {
  const h = new Map<string, DayCounts>()
  for (let i = 0; i < days; i++) {
    const d = addDays(from, i)
    if (dayInfo(hours, d).kind !== 'closed') h.set(d, counts(f(d)))
  }
  for (const [d, c] of extra) h.set(d, c)
  return h
}

t.test('day kinds: holidays, the first working day after them, make-up days', async (t) => {
  t.equal(dayInfo(hours, '2026-10-01').kind, 'closed')
  t.equal(dayInfo(hours, '2026-10-08').kind, 'after-holiday', 'Thursday after 国庆')
  t.equal(dayInfo(hours, '2026-09-28').kind, 'after-holiday', 'Monday after 中秋 (Fri–Sun off)')
  t.equal(dayInfo(hours, '2026-10-12').kind, 'normal', 'a Monday after a plain weekend')
  t.same(
    dayInfo(hours, '2026-10-10'),
    { date: '2026-10-10', kind: 'normal', weekday: 'mon' },
    'Saturday make-up day acts as Monday',
  )
})

t.test('same weekday of recent weeks, recent weeks weighted more', async (t) => {
  // Mondays grow by 2 a week; other days stay at 1.
  const h = history('2026-06-01', 42, (d) =>
    new Date(d).getUTCDay() === 1 ? 2 * (1 + (Date.parse(d) - Date.parse('2026-06-01')) / (7 * 864e5)) : 1,
  )
  const f = forecastDay(h, hours, '2026-07-13', ['a'])['a']!
  t.equal(f.basis.references[0], '2026-07-06', 'newest reference first')
  t.ok(f.basis.references.every((d) => dayInfo(hours, d).weekday === 'mon'))
  const mondays = [12, 10, 8, 6, 4, 2]
  const plain = mondays.reduce((s, x) => s + x, 0) / mondays.length
  t.ok(
    f.slots[36]! > plain && f.slots[36]! < 12,
    `weighted ${f.slots[36]} lies between the plain mean ${plain} and the last week`,
  )
  t.equal(f.slots[50], 0, 'no arrivals where there never were')
})

t.test('a holiday is forecast closed; an after-holiday day learns its factor from past ones', async (t) => {
  const h = history('2026-08-01', 68, (d) => (d === '2026-09-28' ? 30 : 10))
  t.same(forecastDay(h, hours, '2026-10-02', ['a'])['a']!.slots[36], 0)
  const after = forecastDay(h, hours, '2026-10-08', ['a'])['a']!
  t.ok(Math.abs(after.basis.afterHolidayFactor - 3) < 1e-9, 'the Monday after 中秋 had 3× its usual arrivals')
  t.ok(Math.abs(after.slots[36]! - 30) < 1e-9)
  t.notOk(after.basis.references.includes('2026-09-28'), 'after-holiday days are not references for normal days')
  const normal = forecastDay(h, hours, '2026-10-19', ['a'])['a']!
  t.notOk(normal.basis.references.includes('2026-09-28'))
  t.ok(Math.abs(normal.slots[36]! - 10) < 1e-9)
  // No past after-holiday day in history: the prior factor.
  const short = history(
    '2026-09-29',
    1,
    () => 10,
    history('2026-08-31', 25, () => 10),
  )
  short.delete('2026-09-28')
  t.equal(forecastDay(short, hours, '2026-10-08', ['a'])['a']!.basis.afterHolidayFactor, 1.2)
})

t.test('a year-ago peak (September enrolment) is staffed ahead', async (t) => {
  // 2025: 10 a day through August, 30 a day in the first half of September. 2026: 10 a day so far.
  const lastYear = history('2025-07-01', 80, (d) => (d >= '2025-09-01' && d <= '2025-09-15' ? 30 : 10))
  const h = history('2026-07-20', 42, () => 10, lastYear)
  const f = forecastDay(h, hours, '2026-09-03', ['a'])['a']!
  t.ok(f.basis.seasonalFactor > 2.5, `seasonal factor ${f.basis.seasonalFactor}`)
  t.ok(f.slots[36]! > 25, 'forecast before any of this year’s peak has been seen')
  // Without last year's data the same day is forecast flat.
  t.equal(
    forecastDay(
      history('2026-07-20', 42, () => 10),
      hours,
      '2026-09-03',
      ['a'],
    )['a']!.basis.seasonalFactor,
    1,
  )
})

t.test('blending with today: a busier morning lifts the rest of the day, with shrinkage', async (t) => {
  const forecast = new Array<number>(96).fill(10)
  const observed = new Array<number>(96).fill(0)
  for (let i = 36; i < 40; i++) observed[i] = 20
  const { slots, ratio } = blendWithToday(
    forecast.map((x, i) => (i >= 36 ? x : 0)),
    observed,
    40,
    0,
  )
  t.ok(Math.abs(ratio - (80 + 15) / (40 + 15)) < 1e-12)
  t.equal(slots[38], 20, 'past slots are what happened')
  t.ok(Math.abs(slots[45]! - 10 * ratio) < 1e-12)
  t.equal(blendWithToday(new Array<number>(96).fill(0), new Array<number>(96).fill(0), 40, 0.5).ratio, 1)
})

t.test('modified offered load lags a step in arrivals by the service time', async (t) => {
  // 0 arrivals, then 60 per slot (4/min) from slot 4: steady state 4/min × 10 min = 40 Erlangs.
  const arrivals = [0, 0, 0, 0, ...new Array<number>(12).fill(60)]
  const mol = modifiedOfferedLoad(arrivals, exponentialSurvival(600))
  const plain = stationaryOfferedLoad(arrivals, 600)
  t.equal(plain[4], 40)
  // Exact: 40 (1 − e^{−t/10}) averaged over the first 15 minutes = 40 (1 − (10/15)(1 − e^{−1.5})) ≈ 19.3.
  const exact = 40 * (1 - (10 / 15) * (1 - Math.exp(-1.5)))
  t.ok(Math.abs(mol[4]! - exact) < 1.2, `first slot of the step: ${mol[4]} busy (exact ${exact})`)
  t.ok(Math.abs(mol[15]! - 40) < 0.5, `steady state ${mol[15]}`)
  // After the step ends the load stays for a while (the work already in the hall).
  const down = modifiedOfferedLoad([...arrivals, 0, 0], exponentialSurvival(600))
  t.ok(down[16]! > 5)
  // Lognormal handling with the same mean: same steady state.
  t.ok(Math.abs(modifiedOfferedLoad(arrivals, lognormalSurvival(600, 0.6))[15]! - 40) < 0.5)
})
