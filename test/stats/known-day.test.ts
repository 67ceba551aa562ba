// Acceptance: a simulated day whose figures are known in advance goes through the real queue
// engine, the real archive writer and the audit log into Postgres/PGlite; ratings and follow-up
// cases go through the real routes. Every figure of the report then matches the plan: counts
// exactly, times to the second, per service, window, clerk and hour, for one hall and for a
// two-hall tree (a third hall elsewhere in the org tree stays out).
import type { FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import { ArchiveWriter } from '../../src/archive/archive-writer.ts'
import { buildApp } from '../../src/app.ts'
import { hashSecret } from '../../src/auth/authenticate.ts'
import { compileHall } from '../../src/config/compile-hall.ts'
import { parseHallDocument } from '../../src/config/validate-hall.ts'
import { saveHallConfig } from '../../src/db/repos/hall-configs.ts'
import { createOrgUnit } from '../../src/db/repos/org-units.ts'
import { upsertStaff } from '../../src/db/repos/staff.ts'
import { PgTokenStore } from '../../src/db/repos/tokens.ts'
import { evaluationApiPlugin } from '../../src/evaluation/wiring.ts'
import type { ReportRow } from '../../src/stats/report-rows.ts'
import { MemoryQueueStore } from '../../src/store/memory/memory-store.ts'
import { eachBackend } from '../db/fixtures/backends.ts'
import { local, planDay, type DayPlan } from './fixtures/day-plan.ts'
import { runDay, ticketIdOf, writeAudit } from './fixtures/run-day.ts'
import { truth, windowTruth, type CaseFate, type Dim } from './fixtures/truth.ts'

const DATE = '2026-11-24' // a Tuesday
const TARGET: Record<string, number> = { ha: 10, hb: 15, hx: 15 }

function hallDoc(hall: string) {
  return parseHallDocument(
    {
      name: `大厅${hall}`,
      timezone: 'Asia/Shanghai',
      services: [
        { id: 'svc-a', name: '社保', prefix: 'A', meanHandlingMinutes: 4 },
        { id: 'svc-b', name: '户籍', prefix: 'B', meanHandlingMinutes: 6 },
        { id: 'svc-c', name: '公积金', prefix: 'C' },
      ],
      windows: [
        { id: 'w1', name: '1号窗口', services: ['svc-a', 'svc-b'] },
        { id: 'w2', name: '2号窗口', services: ['svc-a', 'svc-b'] },
      ],
      evaluation: { ratingMinutes: 1440 },
      ...(hall === 'ha' && { reports: { targetWaitMinutes: 10 } }),
    },
    hall,
  )
}

const reportKey = (dim: Dim, r: ReportRow): string =>
  dim === 'window' ? `${r.key.hall}/${r.key.window}` : dim === 'total' ? '' : String(r.key[dim])

function compare(
  t: Test,
  dim: Dim,
  rows: ReportRow[],
  expected: Map<string, Record<string, number | null>>,
  label: string,
): void {
  t.same(rows.map((r) => reportKey(dim, r)).sort(), [...expected.keys()].sort(), `${label}: the same ${dim} keys`)
  for (const r of rows) {
    const want = expected.get(reportKey(dim, r))
    if (!want) continue
    const got = Object.fromEntries(Object.keys(want).map((k) => [k, r[k as keyof ReportRow] as number | null]))
    t.same(got, want, `${label}: ${dim} ${reportKey(dim, r) || 'total'}`)
  }
}

t.test('a known day: every reported figure matches the plan', (t) =>
  eachBackend(t, async (t, { db }) => {
    const plans: DayPlan[] = [
      planDay('ha', DATE, 11, 70, ['tok_a1', 'tok_a2', 'tok_a3']),
      planDay('hb', DATE, 22, 55, ['tok_b1', 'tok_b2', 'tok_b3']),
      planDay('hx', DATE, 33, 20, ['tok_x1', 'tok_x2', 'tok_x3']),
    ]
    for (const [id, parentId] of [
      ['gd', null],
      ['sz', 'gd'],
      ['ft', 'sz'],
      ['ns', 'sz'],
      ['gz', 'gd'],
    ] as const)
      await createOrgUnit(db, { id, parentId, kind: 'area', name: id })
    const store = new MemoryQueueStore()
    const units: Record<string, string> = { ha: 'ft', hb: 'ns', hx: 'gz' }
    for (const plan of plans) {
      const doc = hallDoc(plan.hall)
      await saveHallConfig(db, { hall: plan.hall, document: doc, orgUnitId: units[plan.hall]! })
      await store.configureHall(plan.hall, doc, compileHall(plan.hall, doc), { now: local(DATE, '08:00:00') })
    }
    await upsertStaff(db, { id: 's-a1', name: '张三', role: 'clerk', hall: 'ha', tokenId: null })

    // The day through the engine, the archive writer (in batches) and the audit log.
    const writer = new ArchiveWriter(db)
    const etaSec = new Map<string, number>()
    for (const plan of plans) {
      const day = await runDay(store, plan)
      for (let i = 0; i < day.events.length; i += 37) await writer.write(plan.hall, day.events.slice(i, i + 37))
      await writeAudit(db, day.audit)
      for (const [k, v] of day.etaSec) etaSec.set(k, v)
    }

    const clock = { now: local(DATE, '20:00:00') }
    const tokens = new PgTokenStore(db)
    await tokens.put({
      id: 'tok_mgr',
      hash: hashSecret('mgr-secret'),
      role: 'manager',
      halls: ['ha', 'hb'],
      createdAt: 0,
      expiresAt: null,
      revokedAt: null,
    })
    const app: FastifyInstance = await buildApp({
      store,
      tokens,
      now: () => clock.now,
      apiPlugins: [evaluationApiPlugin({ db, now: () => clock.now, liveMaxAgeMs: 0 })],
    })
    t.teardown(() => app.close())
    const auth = { authorization: 'Bearer mgr-secret' }

    // Ratings from the ticket holders, then the follow-up of each bad one.
    const cases = new Map<string, CaseFate>()
    const caseIds: { hall: string; ticket: string; id: string; n: number }[] = []
    for (const plan of plans)
      for (const tk of plan.tickets.filter((x) => x.grade !== null)) {
        const ticket = ticketIdOf(plan, tk)
        const bad = tk.grade! <= 2
        const r = await app.inject({
          method: 'POST',
          url: `/api/v1/halls/${plan.hall}/tickets/${ticket}/rating`,
          payload: { grade: tk.grade, ...(bad && { reasons: ['waiting'] }) },
        })
        if (r.statusCode !== 201) throw new Error(`rating refused: ${r.body}`)
        if (bad) caseIds.push({ hall: plan.hall, ticket, id: r.json().case.id, n: caseIds.length })
      }
    t.ok(caseIds.length >= 8, `${caseIds.length} follow-up cases`)
    const move = async (c: { hall: string; id: string }, to: string, when: string) => {
      clock.now = Date.parse(when)
      const r = await app.inject({
        method: 'POST',
        url: `/api/v1/halls/${c.hall}/cases/${c.id}/transition`,
        headers: { authorization: 'Bearer admin-secret' },
        payload: { to, note: to },
      })
      if (r.statusCode !== 200) throw new Error(`case move refused: ${r.body}`)
    }
    await tokens.put({
      id: 'tok_admin',
      hash: hashSecret('admin-secret'),
      role: 'admin',
      halls: '*',
      createdAt: 0,
      expiresAt: null,
      revokedAt: null,
    })
    for (const c of caseIds) {
      const kind = c.n % 4 // due at the end of 2026-12-01 (5 working days after the 24th)
      if (kind === 0) {
        for (const to of ['contacted', 'rectified', 'closed']) await move(c, to, '2026-11-27T10:00:00+08:00')
        cases.set(c.ticket, { onTime: true })
      } else if (kind === 1) {
        for (const to of ['contacted', 'explained', 'closed']) await move(c, to, '2026-12-03T10:00:00+08:00')
        cases.set(c.ticket, { onTime: false })
      } else if (kind === 2) {
        for (const to of ['appealed', 'reviewed']) await move(c, to, '2026-12-01T23:59:59+08:00')
        cases.set(c.ticket, { onTime: true })
      } else cases.set(c.ticket, { onTime: null })
    }

    // The next day's first ticket rolls the day over: unserved tickets expire.
    for (const plan of plans) {
      const next = local('2026-11-25', '09:00:00')
      await store.issue(plan.hall, { service: 'svc-a', date: '2026-11-25', ticketId: `${plan.hall}-next`, now: next })
      await writer.write(
        plan.hall,
        await store.eventsSince(
          plan.hall,
          (
            await db
              .selectFrom('archive_checkpoints')
              .select('last_seq')
              .where('hall_id', '=', plan.hall)
              .executeTakeFirstOrThrow()
          ).last_seq,
          100,
        ),
      )
    }

    clock.now = Date.parse('2026-12-10T12:00:00+08:00')
    const input = { plans, etaSec, targetMin: TARGET, cases }
    const get = async (url: string) => {
      const r = await app.inject({ method: 'GET', url, headers: auth })
      if (r.statusCode !== 200) throw new Error(`${url}: ${r.body}`)
      return r.json()
    }

    // One hall.
    // Two reports at once both build the day's facts: they take turns and agree.
    const [ha, twin] = await Promise.all([
      get(`/api/v1/halls/ha/report?from=${DATE}`),
      get(`/api/v1/halls/ha/report?from=${DATE}`),
    ])
    t.same(twin.totals, ha.totals, 'concurrent reports agree')
    const haInput = { ...input, plans: plans.filter((p) => p.hall === 'ha') }
    compare(t, 'total', [ha.totals], truth(haInput, 'total'), 'ha')
    compare(t, 'service', ha.byService, truth(haInput, 'service'), 'ha')
    compare(
      t,
      'window',
      ha.byWindow.filter((r: ReportRow) => r.key.window !== ''),
      new Map([...truth(haInput, 'window')].filter(([k]) => !k.endsWith('/'))),
      'ha',
    )
    compare(t, 'clerk', ha.byClerk, truth(haInput, 'clerk'), 'ha')
    compare(t, 'hour', ha.byHour, truth(haInput, 'hour'), 'ha')
    t.equal(ha.names.clerks.tok_a1, undefined, 'staff without a token has no name')
    t.same(ha.targetWaitMinutes, { ha: 10 })

    const windows = windowTruth(plans)
    for (const r of ha.byWindow.filter((x: ReportRow) => x.key.window !== '')) {
      const w = windows.get(`ha/${r.key.window}`)!
      t.same(
        { openSec: r.openSec, pausedSec: r.pausedSec, busySec: r.busySec, idleSec: r.idleSec },
        {
          openSec: Math.round(w.openMs! / 1000),
          pausedSec: Math.round(w.pausedMs! / 1000),
          busySec: Math.round(w.busyMs! / 1000),
          idleSec: Math.round(w.idleMs! / 1000),
        },
        `ha window ${r.key.window}: open, paused, busy and idle time`,
      )
    }
    t.ok(
      ha.byWindow.some((r: ReportRow) => r.key.window === 'w2' && r.pausedSec === 900),
      'w2 paused for 15 minutes',
    )
    t.equal(
      ha.totals.closureOnTimeRate,
      ha.totals.casesDue ? Math.round((ha.totals.casesOnTime / ha.totals.casesDue) * 10000) / 10000 : null,
    )

    // The tree: the city sees its two halls, not the third.
    const sz = await get(`/api/v1/org-units/sz/report?from=${DATE}&to=${DATE}`)
    t.same(sz.halls, ['ha', 'hb'])
    const treeInput = { ...input, plans: plans.filter((p) => p.hall !== 'hx') }
    compare(t, 'total', [sz.totals], truth(treeInput, 'total'), 'tree')
    compare(t, 'hall', sz.byHall, truth(treeInput, 'hall'), 'tree')
    compare(t, 'service', sz.byService, truth(treeInput, 'service'), 'tree')
    compare(t, 'clerk', sz.byClerk, truth(treeInput, 'clerk'), 'tree')
    compare(t, 'hour', sz.byHour, truth(treeInput, 'hour'), 'tree')
    const hallOpen = (h: string) =>
      [...windows].filter(([k]) => k.startsWith(`${h}/`)).reduce((s, [, w]) => s + w.openMs!, 0)
    t.same(
      sz.byHall.map((r: ReportRow) => r.openSec),
      [Math.round(hallOpen('ha') / 1000), Math.round(hallOpen('hb') / 1000)],
      'open window time per hall',
    )
    t.equal(sz.byDate.length, 1)

    const forbidden = await app.inject({
      method: 'GET',
      url: `/api/v1/org-units/gd/report?from=${DATE}`,
      headers: auth,
    })
    t.equal(forbidden.statusCode, 403, 'a manager of two halls does not see the province (hx is not theirs)')

    // CSV: one row per service, bilingual header, BOM.
    const csv = await app.inject({
      method: 'GET',
      url: `/api/v1/halls/ha/report.csv?from=${DATE}&by=service`,
      headers: auth,
    })
    t.equal(csv.statusCode, 200, csv.statusCode === 200 ? 'csv' : csv.body)
    const lines = csv.body.trim().split('\r\n')
    t.ok(csv.body.startsWith('\uFEFF业务 Service,取号 Issued'), 'BOM and bilingual header')
    t.equal(lines.length, 1 + truth(haInput, 'service').size)
    t.match(
      lines.find((l) => l.startsWith('社保'))!,
      new RegExp(`^社保,${truth(haInput, 'service').get('svc-a')!.issued},`),
    )

    const again = await get(`/api/v1/halls/ha/report?from=${DATE}`)
    t.same(again.totals, ha.totals, 'a second report is the same')
  }),
)
