// The report page and the mobile rating in Chromium, against a real core with the evaluation
// routes on PGlite: the page shows the API's figures and draws its charts as inline SVG; printing
// hides the controls; a range still being prepared shows its progress and loads once built; a
// citizen rates a finished ticket on the mobile page.
import t from 'tap'
import { ArchiveWriter } from '../../src/archive/archive-writer.ts'
import { hashSecret } from '../../src/auth/authenticate.ts'
import { MemoryTokenStore } from '../../src/auth/memory-token-store.ts'
import { compileHall } from '../../src/config/compile-hall.ts'
import { parseHallDocument } from '../../src/config/validate-hall.ts'
import { createDb } from '../../src/db/connect.ts'
import { saveHallConfig } from '../../src/db/repos/hall-configs.ts'
import { evaluationApiPlugin } from '../../src/evaluation/wiring.ts'
import { buildDay } from '../../src/stats/freshness.ts'
import { MemoryQueueStore } from '../../src/store/memory/memory-store.ts'
import { openBackend } from '../db/fixtures/backends.ts'
import { launchBrowser, openPage, screenshot, startCore } from '../displays/harness.ts'
import { local, planDay } from './fixtures/day-plan.ts'
import { runDay, ticketIdOf, writeAudit } from './fixtures/run-day.ts'

const DATE = '2026-11-24'

t.test('report page and mobile rating', async (t) => {
  const browser = await launchBrowser(t)
  if (!browser) return
  const db = await createDb((await openBackend(t, 'pglite', true))!)
  t.teardown(() => db.destroy())
  const store = new MemoryQueueStore()
  const tokens = new MemoryTokenStore()
  await tokens.put({
    id: 'mgr',
    hash: hashSecret('manager-page-secret'),
    role: 'manager',
    halls: ['hp'],
    createdAt: 0,
    expiresAt: null,
    revokedAt: null,
  })
  const doc = parseHallDocument(
    {
      name: '测试中心',
      timezone: 'Asia/Shanghai',
      services: [
        { id: 'svc-a', name: '社保', prefix: 'A' },
        { id: 'svc-b', name: '户籍', prefix: 'B' },
        { id: 'svc-c', name: '公积金', prefix: 'C' },
      ],
      windows: [
        { id: 'w1', name: '1号窗口', services: ['svc-a', 'svc-b'] },
        { id: 'w2', name: '2号窗口', services: ['svc-a', 'svc-b'] },
      ],
      evaluation: { ratingMinutes: 43200 },
    },
    'hp',
  )
  await saveHallConfig(db, { hall: 'hp', document: doc })
  await store.configureHall('hp', doc, compileHall('hp', doc), { now: local(DATE, '08:00:00') })
  const plan = planDay('hp', DATE, 5, 45, ['tok_1', 'tok_2', 'tok_3'])
  const day = await runDay(store, plan)
  await new ArchiveWriter(db).write('hp', day.events)
  await writeAudit(db, day.audit)
  const clock = { now: local(DATE, '20:00:00') }
  const core = await startCore({
    store,
    tokens,
    now: () => clock.now,
    apiPlugins: [evaluationApiPlugin({ db, now: () => clock.now })],
  })
  t.teardown(() => core.close())
  const unrated = plan.tickets.find((x) => x.outcome === 'served' && x.grade === null)!
  for (const tk of plan.tickets.filter((x) => x.grade !== null)) {
    const r = await core.app.inject({
      method: 'POST',
      url: `/api/v1/halls/hp/tickets/${ticketIdOf(plan, tk)}/rating`,
      payload: { grade: tk.grade, ...(tk.grade! <= 2 && { reasons: ['attitude'] }) },
    })
    t.equal(r.statusCode, 201)
  }
  const report = (
    await core.app.inject({
      method: 'GET',
      url: `/api/v1/halls/hp/report?from=${DATE}`,
      headers: { authorization: 'Bearer manager-page-secret' },
    })
  ).json()

  const page = await openPage(t, browser, 1366, 900)
  await page.goto(`${core.url}/reports.html?hall=hp&token=manager-page-secret&from=${DATE}`)
  await page.waitForSelector('#kpis div')
  t.equal(await page.textContent('#kpis div:first-child dd'), String(report.totals.issued), 'issued as the API says')
  t.equal(await page.textContent('#period'), `日报：${DATE}`)
  const cells = report.byServiceHour.length
  t.equal((await page.locator('#heat svg rect').count()) >= cells, true, 'a heat-map cell per service and hour')
  const withWait = report.byServiceHour.filter((r: { meanWaitSec: number | null }) => r.meanWaitSec !== null).length
  t.equal(await page.locator('#heat svg text.cell').count(), withWait, 'a value in each cell that has one')
  t.equal(await page.locator('#radar svg').count(), 2, 'a radar per window')
  t.equal(await page.locator('#trend-card').isHidden(), true, 'no trend for one day')
  t.equal(await page.locator('#tables table').count(), 4, 'service, window, clerk and hour tables')
  await screenshot(page, 'reports-day')
  await page.emulateMedia({ media: 'print' })
  t.equal(await page.locator('#range-form').isHidden(), true, 'printing hides the controls')
  await page.emulateMedia({ media: 'screen' })

  // A range whose days are not built yet: the page shows the progress and retries by itself.
  const older = [
    '2026-11-09',
    '2026-11-10',
    '2026-11-11',
    '2026-11-12',
    '2026-11-13',
    '2026-11-16',
    '2026-11-17',
    '2026-11-18',
  ]
  await db
    .insertInto('tickets')
    .values(
      older.map((date, i) => ({
        hall_id: 'hp',
        id: `old-${i}`,
        number: `A${i}`,
        service_id: 'svc-a',
        class: 'normal',
        business_date: date,
        status: 'done',
        outcome: 'completed',
        window_id: 'w1',
        rule: 'fifo',
        issued_at: new Date(local(date, '09:00:00')),
        called_at: new Date(local(date, '09:05:00')),
        started_at: new Date(local(date, '09:05:10')),
        finished_at: new Date(local(date, '09:10:00')),
        recalls: 0,
        requeues: 0,
        transfers: 0,
        ahead_at_issue: 0,
        eta_at_issue_sec: 300,
        first_seq: 0,
        last_seq: 0,
        updated_at: new Date(local(date, '09:10:00')),
      })),
    )
    .execute()
  await page.goto(`${core.url}/reports.html?hall=hp&token=manager-page-secret&from=2026-11-09&to=${DATE}`)
  await page.waitForSelector('#status:has-text("统计数据生成中（已完成 1 / 9 天）")')
  t.pass('the page shows the progress while the days are prepared')
  for (const date of older)
    await buildDay(db, { hall: 'hp', date, timezone: 'Asia/Shanghai', targetWaitMs: 15 * 60_000, now: clock.now })
  await page.waitForSelector(`#period:has-text("区间报表：2026-11-09 至 ${DATE}")`, { timeout: 15_000 })
  t.equal(
    await page.textContent('#kpis div:first-child dd'),
    String(report.totals.issued + older.length),
    'then the report, once the days are built (retried by the page)',
  )
  t.equal(await page.textContent('#status'), '', 'no progress left')

  // The citizen rates the finished ticket on the phone: a bad grade asks for a reason first.
  const phone = await openPage(t, browser, 390, 844)
  const id = ticketIdOf(plan, unrated)
  await phone.goto(`${core.url}/mobile.html?hall=hp&ticket=${id}`)
  await phone.waitForSelector('#m-rate .m-grade')
  await phone.getByRole('button', { name: '不满意', exact: true }).click()
  await phone.getByRole('button', { name: '提交评价' }).click()
  await phone.waitForSelector('text=请至少选择一项原因')
  await phone.getByLabel('等候时间太长').check()
  await phone.getByRole('button', { name: '提交评价' }).click()
  await phone.waitForSelector('text=感谢您的评价！')
  await screenshot(phone, 'mobile-rated')
  const row = await db.selectFrom('evaluations').selectAll().where('ticket_id', '=', id).executeTakeFirstOrThrow()
  t.match(row, { grade: 2, reasons: ['waiting'], channel: 'mobile', rater_token_id: null })
  t.ok(
    await db.selectFrom('follow_up_cases').select('id').where('ticket_id', '=', id).executeTakeFirst(),
    'a follow-up case',
  )
})
