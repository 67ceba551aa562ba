// Reports never backfill inside a request: a range with more than 7 unbuilt closed days answers
// 503 QMS_ERR_REPORT_PREPARING with Retry-After and {built, missing} progress while the fact
// maintainer builds them; a few unbuilt days are built inline. The page's fetch loop waits and
// retries on that answer. The maintainer started with the database stops with it.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import t from 'tap'
import { generateYear } from '../../bench/report-data.ts'
import { buildApp } from '../../src/app.ts'
import { createDb } from '../../src/db/connect.ts'
import { migrateToLatest } from '../../src/db/migrate.ts'
import { hashSecret } from '../../src/auth/authenticate.ts'
import { upsertHall } from '../../src/db/repos/halls.ts'
import { PgTokenStore } from '../../src/db/repos/tokens.ts'
import { evaluationApiPlugin } from '../../src/evaluation/wiring.ts'
import { buildDay } from '../../src/stats/freshness.ts'
import { MemoryQueueStore } from '../../src/store/memory/memory-store.ts'
import { openDatabase } from '../../src/system/database.ts'
import { eachBackend } from '../db/fixtures/backends.ts'

const HALL = 'prep-hall'
const SPEC = { hall: HALL, from: '2026-11-02', days: 12, perDay: 30, windows: 3, services: 2 } // 10 weekdays
const DAYS = ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06']

t.test('a long unbuilt range answers 503 with progress until the days are built', (t) =>
  eachBackend(t, async (t, { db }) => {
    await upsertHall(db, { id: HALL, name: '准备大厅' })
    await generateYear(db, SPEC)
    const now = Date.parse('2026-11-20T12:00:00+08:00')
    const tokens = new PgTokenStore(db)
    await tokens.put({
      id: 'tok_mgr',
      hash: hashSecret('mgr-secret'),
      role: 'manager',
      halls: [HALL],
      createdAt: 0,
      expiresAt: null,
      revokedAt: null,
    })
    const app = await buildApp({
      store: new MemoryQueueStore(),
      tokens,
      now: () => now,
      apiPlugins: [evaluationApiPlugin({ db, now: () => now })],
    })
    t.teardown(() => app.close())
    const get = (url: string) =>
      app.inject({ method: 'GET', url: `/api/v1/halls/${HALL}${url}`, headers: { authorization: 'Bearer mgr-secret' } })
    const range = '?from=2026-11-02&to=2026-11-13'

    for (const url of [`/report${range}`, `/report.csv${range}&by=window`]) {
      const r = await get(url)
      t.equal(r.statusCode, 503, `${url}: preparing`)
      t.equal(r.headers['retry-after'], '5', 'Retry-After')
      t.match(r.json(), {
        statusCode: 503,
        code: 'QMS_ERR_REPORT_PREPARING',
        error: 'Service Unavailable',
        message: 'statistics are being prepared; retry later',
        details: { built: 0, missing: 10 },
      })
    }
    t.equal((await db.selectFrom('stats_days').select('hall_id').execute()).length, 0, 'the request built nothing')

    const info = { timezone: 'Asia/Shanghai', targetWaitMs: 15 * 60_000, now }
    for (const date of DAYS.slice(0, 2)) await buildDay(db, { hall: HALL, date, ...info })
    const r = await get(`/report${range}`)
    t.equal(r.statusCode, 503)
    t.same(r.json().details, { built: 2, missing: 8 }, 'progress')

    // Two builds of one day at once: the second joins the first.
    const [a, b] = [
      buildDay(db, { hall: HALL, date: DAYS[2]!, ...info }),
      buildDay(db, { hall: HALL, date: DAYS[2]!, ...info }),
    ]
    t.equal(a, b, 'one build per hall-day in the process')
    await a
    const ok = await get(`/report${range}`)
    t.equal(ok.statusCode, 200, '7 days left: built inline')
    t.equal(ok.json().totals.issued, 10 * SPEC.perDay)
    t.equal((await get('/report?from=2026-11-16')).statusCode, 200, 'a day without tickets')
  }),
)

t.test('the page fetch loop waits on "preparing" and shows the progress', async (t) => {
  const { fetchPrepared } = (await import('../../displays/js/report-retry.js' as string)) as {
    fetchPrepared: (
      f: (url: string, init: unknown) => Promise<Response>,
      url: string,
      init: unknown,
      o: {
        onPreparing?: (p: { built: number; missing: number }) => void
        isCancelled?: () => boolean
        sleep?: (ms: number) => Promise<void>
      },
    ) => Promise<Response | null>
  }
  const preparing = (built: number, missing: number, retry: string | null) =>
    new Response(JSON.stringify({ statusCode: 503, code: 'QMS_ERR_REPORT_PREPARING', details: { built, missing } }), {
      status: 503,
      headers: retry ? { 'retry-after': retry } : {},
    })
  const answers = [preparing(0, 10, '5'), preparing(6, 4, null), new Response('{"totals":{}}', { status: 200 })]
  const progress: unknown[] = []
  const slept: number[] = []
  const calls: string[] = []
  const res = await fetchPrepared(
    async (url) => (calls.push(url), answers.shift()!),
    '/r',
    {},
    { onPreparing: (p) => progress.push(p), sleep: async (ms) => void slept.push(ms) },
  )
  t.equal(res?.status, 200, 'the report in the end')
  t.same(await res!.json(), { totals: {} })
  t.same(progress, [
    { built: 0, missing: 10 },
    { built: 6, missing: 4 },
  ])
  t.same(slept, [5000, 5000], 'Retry-After, 5 s without one')
  t.equal(calls.length, 3)

  const other = await fetchPrepared(
    async () => new Response('{"code":"QMS_ERR_UNAVAILABLE"}', { status: 503 }),
    '/r',
    {},
    { sleep: async () => void t.fail('no wait') },
  )
  t.equal(other?.status, 503, 'another 503 is the caller’s')
  t.equal(await other!.text(), '{"code":"QMS_ERR_UNAVAILABLE"}', 'its body unread')

  let cancelled = false
  const gone = await fetchPrepared(
    async () => preparing(1, 9, '1'),
    '/r',
    {},
    {
      sleep: async () => void (cancelled = true),
      isCancelled: () => cancelled,
    },
  )
  t.equal(gone, null, 'a newer request cancels the waiting')
})

t.test('the database wiring builds facts in the background and stops with it', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'qms-prep-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const pgDir = join(dir, 'pg')
  // History already in the database when the server starts: the maintainer's first pass builds it.
  const before = await createDb({ dataDir: pgDir })
  await migrateToLatest(before)
  await upsertHall(before, { id: HALL, name: '准备大厅' })
  await generateYear(before, { ...SPEC, days: 3 })
  await before.destroy()

  const wiring = (await openDatabase({ PGLITE_DIR: pgDir }, new MemoryQueueStore(), pino({ level: 'silent' })))!
  let closed = false
  t.teardown(async () => {
    if (!closed) await wiring.close()
  })
  const deadline = Date.now() + 30_000
  let built = 0
  while (built < 3 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    built = (await wiring.db.selectFrom('stats_days').select('hall_id').execute()).length
  }
  t.equal(built, 3, 'every day built in the background')
  await wiring.close()
  closed = true
  t.pass('closed with the maintainer stopped (tap fails on a handle left open)')
})
