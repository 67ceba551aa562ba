// The hall simulator: reproducible from its seed, with the daily shape, long-tailed handling
// times, priorities, no-shows, departures and breaks it promises, and a truth log in the replay
// format.
import t from 'tap'
import { township } from '../../bench/sim/hall-days.ts'
import { parseLog } from '../../bench/sim/eval/csv-log.ts'
import { simulateDay } from '../../bench/sim/run-day.ts'
import { CSV_HEADER, rowsFromEvents, toCsv } from '../../bench/sim/truth-log.ts'

const DATE = '2026-03-09' // a Monday
const hourOf = (ms: number): number => new Date(ms + 8 * 3600_000).getUTCHours() + new Date(ms).getUTCMinutes() / 60

t.test('same seed, same day; another seed, another day', async (t) => {
  const a = await simulateDay(township, DATE, 1)
  const b = await simulateDay(township, DATE, 1)
  const c = await simulateDay(township, DATE, 2)
  const csv = (d: typeof a): string => toCsv(rowsFromEvents(d.events), d.utcOffsetMin)
  t.equal(csv(a), csv(b))
  t.not(csv(a), csv(c))
})

t.test('a realistic day: peaks, lunch dip, long tail, priorities, no-shows, departures, breaks', async (t) => {
  const day = await simulateDay(township, DATE, 3)
  const rows = rowsFromEvents(day.events)
  t.ok(rows.length > 150 && rows.length < 400, `${rows.length} tickets`)
  const between = (from: number, to: number): number =>
    rows.filter((r) => hourOf(r.issued_at) >= from && hourOf(r.issued_at) < to).length / (to - from)
  const morning = between(9, 10)
  const lunch = between(12, 13.5)
  const afternoon = between(14, 15)
  t.ok(
    morning > 2 * lunch && afternoon > 1.5 * lunch,
    `per hour: morning ${morning}, lunch ${lunch.toFixed(0)}, afternoon ${afternoon}`,
  )
  t.ok(
    rows.every((r) => hourOf(r.issued_at) >= 8.5 && hourOf(r.issued_at) < 17.5),
    'tickets only while the hall issues',
  )

  const served = rows
    .filter((r) => r.outcome === 'done')
    .map((r) => (r.completed_at! - r.called_at!) / 1000)
    .sort((x, y) => x - y)
  const median = served[Math.floor(served.length / 2)]!
  const p95 = served[Math.floor(served.length * 0.95)]!
  t.ok(p95 > 2.5 * median, `long tail: median ${median.toFixed(0)} s, 95th percentile ${p95.toFixed(0)} s`)

  const count = (pred: (r: (typeof rows)[number]) => boolean): number => rows.filter(pred).length
  t.ok(count((r) => r.priority === 'green') > 10, 'green-channel tickets')
  t.ok(count((r) => r.priority === 'appointment') > 2, 'appointment tickets')
  t.ok(count((r) => r.outcome === 'no_show') > 3, 'no-shows')
  t.ok(
    day.events.some((e) => e.type === 'ticket.requeued'),
    'some who missed their call come back',
  )
  t.ok(
    day.events.some((e) => e.type === 'window.status' && e.status === 'paused'),
    'breaks',
  )
  t.ok(count((r) => r.outcome === 'waiting') === 0, 'everyone issued is served, gives up or is a no-show by the end')
})

t.test('the truth log is in the replay format and reads back', async (t) => {
  const day = await simulateDay(township, DATE, 4)
  const rows = rowsFromEvents(day.events)
  const csv = toCsv(rows, day.utcOffsetMin)
  const lines = csv.trim().split('\n')
  t.equal(lines[0], CSV_HEADER)
  t.match(lines[1]!, /^[A-Z]\d{3},\w+,(|green|appointment),2026-03-09T\d\d:\d\d:\d\d\+08:00,/)
  const parsed = parseLog(csv)
  t.equal(parsed.utcOffsetMin, 480)
  t.equal(parsed.tickets.length, rows.length)
  const called = rows.filter((r) => r.called_at !== null)
  t.equal(parsed.tickets.filter((x) => x.calledAt !== null).length, called.length)
  t.equal(parsed.tickets[0]!.issuedAt, Math.floor(rows[0]!.issued_at / 1000) * 1000, 'times to the second')
})
