// The fast path equals the plain one: over a multi-day range of generated history (bench data on a
// small spec), every figure of every dimension read from the per-day rollups and samples equals
// the plain aggregation over the facts, and the P90s equal percentile_disc to the millisecond.
// Postgres and PGlite. Plus the pure parts: nearest rank, rollups of a hand-made day.
import { sql } from 'kysely'
import t from 'tap'
import { generateYear } from '../../bench/report-data.ts'
import { upsertHall } from '../../src/db/repos/halls.ts'
import { dayRollups } from '../../src/stats/day-rollups.ts'
import { encodeSamples, nearestRank, samplePercentiles } from '../../src/stats/day-samples.ts'
import { buildOrder, FactMaintainer } from '../../src/stats/fact-maintainer.ts'
import { DIMENSIONS, type ReportScope } from '../../src/stats/report-query.ts'
import { factRows, ReportService } from '../../src/stats/report-service.ts'
import { rollupPercentiles } from '../../src/stats/rollup-query.ts'
import type { TicketFact } from '../../src/stats/ticket-facts.ts'
import { eachBackend } from '../db/fixtures/backends.ts'

t.test('nearest rank equals sorting and taking rank ceil(0.9·n)', async (t) => {
  let seed = 7
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
  for (const n of [1, 2, 3, 9, 10, 11, 57, 1000]) {
    const values = Array.from({ length: n }, () => Math.floor(rand() * 500) - 20)
    const sorted = [...values].sort((a, b) => a - b)
    t.equal(nearestRank([...values]), sorted[Math.ceil(0.9 * n) - 1], `n = ${n}`)
  }
  t.equal(nearestRank([]), null)
})

const fact = (over: Partial<TicketFact>): TicketFact => ({
  ticket: 't',
  service: 'A',
  window: 'w1',
  clerk: 'c1',
  hour: 9,
  outcome: 'served',
  waitMs: 1000,
  handleMs: 2000,
  withinTarget: true,
  etaErrorMs: -400_000,
  ...over,
})

t.test('a hand-made day: rollups and samples', async (t) => {
  const facts = [
    fact({ ticket: 't1' }),
    fact({ ticket: 't2', window: 'w2', clerk: '', hour: 10, waitMs: 3000, handleMs: null, outcome: 'no_show' }),
    fact({ ticket: 't3', outcome: 'cancelled', waitMs: null, handleMs: null, withinTarget: null, etaErrorMs: null }),
  ]
  const rows = dayRollups(facts, [
    { ticket: 't1', service: 'A', window: 'w1', grade: 5 },
    { ticket: 'gone', service: 'B', window: null, grade: 1 },
  ])
  const total = rows.find((r) => r.dim === 'total')!
  t.match(total, { issued: 3, served: 1, no_show: 1, cancelled: 1, called: 2, wait_sum_ms: 4000, wait_max_ms: 3000 })
  t.match(total, { handled: 1, eta_n: 2, eta_abs_sum_ms: 800_000, eta_within5: 0, ratings: 2, bad: 1, grade_sum: 6 })
  t.match(
    rows.find((r) => r.dim === 'window' && r.k1 === '')!,
    { issued: 0, ratings: 1, bad: 1 },
    'rating under its own window',
  )
  t.match(
    rows.find((r) => r.dim === 'hour' && r.k1 === '')!,
    { ratings: 1 },
    'a rating without a fact has no hour',
  )
  t.equal(rows.filter((r) => r.dim === 'serviceHour').length, 2, 'service × hour: tickets only')
  const p = samplePercentiles([{ hall: 'h', ...encodeSamples(facts) }], ['window', 'hour', 'total'])
  t.same(p.get('window')!.get('h\u0001w2'), { wait: 3000, handle: null })
  t.same(p.get('hour')!.get('9'), { wait: 1000, handle: 2000 })
  t.same(p.get('total')!.get(''), { wait: 3000, handle: 2000 })
})

t.test('build order: the last days first, then older history, oldest first', async (t) => {
  const d = (date: string) => ({ hall: 'h', date, live: false, reason: 'missing' as const })
  const order = buildOrder([d('2026-01-05'), d('2026-11-20'), d('2025-12-01'), d('2026-11-02')], () => '2026-11-01')
  t.same(
    order.map((x) => x.date),
    ['2026-11-02', '2026-11-20', '2025-12-01', '2026-01-05'],
  )
})

const SPEC = { hall: 'gen-hall', from: '2026-10-26', days: 21, perDay: 60, windows: 5, services: 3 }

t.test('rollups and samples give what the facts give, over a multi-day range', (t) =>
  eachBackend(t, async (t, { db }) => {
    await upsertHall(db, { id: SPEC.hall, name: '生成大厅' })
    const tickets = await generateYear(db, SPEC)
    t.equal(tickets, 15 * SPEC.perDay, 'three weeks of weekdays')
    let now = Date.parse('2026-11-30T12:00:00+08:00')
    const reports = new ReportService({ db, now: () => now })
    const maintainer = new FactMaintainer({ db, hallInfo: (h) => reports.hallInfo(h), now: () => now })
    t.equal(await maintainer.runOnce(), 15, 'the maintainer builds every day')
    t.equal(await maintainer.runOnce(), 0, 'and nothing more when nothing changed')

    for (const [from, to] of [
      ['2026-10-26', '2026-11-15'],
      ['2026-10-28', '2026-11-04'],
    ] as const) {
      const scope: ReportScope = { halls: [SPEC.hall], from, to, now }
      const fast = await reports.report([SPEC.hall], from, to)
      const byDim = {
        total: [fast.totals],
        hall: fast.byHall,
        service: fast.byService,
        window: fast.byWindow,
        clerk: fast.byClerk,
        hour: fast.byHour,
        date: fast.byDate,
        serviceHour: fast.byServiceHour,
      }
      for (const dim of DIMENSIONS) {
        const plain = await factRows(db, dim, scope)
        t.ok(plain.length > 0, `${from}…${to} ${dim}: rows`)
        t.same(byDim[dim], plain, `${from}…${to} ${dim}: the report equals the fact aggregation`)
        t.same(await reports.rows([SPEC.hall], from, to, dim, false), plain, `${dim}: one dimension too`)
      }
      // The percentiles to the millisecond, before any rounding.
      const p = await rollupPercentiles(db, ['window', 'total'], scope)
      const exact = await sql<{ w: string; pw: number; ph: number }>`
        select window_id as w, percentile_disc(0.9) within group (order by wait_ms) as pw,
          percentile_disc(0.9) within group (order by handle_ms) as ph
        from stats_ticket_facts where hall_id = ${SPEC.hall} and business_date between ${from} and ${to}
        group by window_id`.execute(db)
      for (const r of exact.rows)
        t.same(
          p.get('window')!.get(`${SPEC.hall}\u0001${r.w}`) ?? { wait: null, handle: null },
          { wait: r.pw, handle: r.ph },
          `P90 of window ${r.w || '-'}`,
        )
    }

    // A late rating changes a closed day: it is rebuilt, and the figures follow.
    const served = await db
      .selectFrom('tickets')
      .selectAll()
      .where('hall_id', '=', SPEC.hall)
      .where('business_date', '=', '2026-10-27')
      .where('outcome', '=', 'completed')
      .where('id', 'not in', db.selectFrom('evaluations').select('ticket_id'))
      .executeTakeFirstOrThrow()
    await db
      .insertInto('evaluations')
      .values({
        hall_id: SPEC.hall,
        ticket_id: served.id,
        business_date: served.business_date,
        number: served.number,
        service_id: served.service_id,
        window_id: served.window_id,
        grade: 1,
        reasons: '[]',
        comment: null,
        channel: 'mobile',
        rater_token_id: null,
        device_id: null,
        finished_at: served.finished_at!,
        rated_at: new Date(now),
      })
      .execute()
    t.equal(await maintainer.runOnce(), 0, 'a regular pass looks at the last week only')
    now += 3_600_000
    t.equal(await maintainer.runOnce(), 1, 'the hourly pass over the whole history rebuilds the rated day')
    const scope: ReportScope = { halls: [SPEC.hall], from: SPEC.from, to: '2026-11-15', now }
    for (const dim of ['clerk', 'hour', 'window'] as const)
      t.same(await reports.rows([SPEC.hall], scope.from, scope.to, dim, false), await factRows(db, dim, scope), dim)
  }),
)
