// The shared browser modules (displays/js/), loaded as the pages load them, in Chromium:
// spoken text, the hall model's reducer, the oldest wait, the calendar, i18n coverage.
import { readFile } from 'node:fs/promises'
import t from 'tap'
import { launchBrowser, openPage, startCore } from './harness.ts'

const browser = await launchBrowser(t)
if (browser) {
  const core = await startCore()
  t.teardown(() => core.close())
  const page = await openPage(t, browser, 800, 600)
  await page.goto(`${core.url}/`)
  await page.waitForSelector('#pages li')
  // Runs `body` in the page with the module at `path` as `m`.
  const run = <T>(path: string, body: string): Promise<T> =>
    page.evaluate(`import('${path}').then((m) => { ${body} })`) as Promise<T>

  await t.test('announcements read the number digit by digit', async (t) => {
    t.equal(await run('/js/format.js', `return m.announcementText('A017', '3号窗口')`), '请A零一七号到3号窗口办理')
    t.equal(
      await run('/js/format.js', `return m.announcementText('B1000', '10号综合窗口')`),
      '请B一零零零号到10号综合窗口办理',
    )
    t.equal(
      await run('/js/format.js', `return m.announcementText('A017', 'Window 3', 'en')`),
      'Number A 0 1 7, please go to Window 3',
    )
  })

  await t.test('hall model: live forecasts set the per-service waits', async (t) => {
    const result = await run<Record<string, unknown>>(
      '/js/hall-model.js',
      `
      const model = new m.HallModel()
      model.applySnapshot({ hall: 'h', seq: 1, at: 1000, windows: [], services: [{ id: 's', waiting: 2, openWindows: 1, etaSec: 600 }] })
      const before = model.services.get('s').etaMinutes
      const changed = model.applyForecast({ type: 'forecast', at: 2000, services: { s: { etaSec: 121, p10: 60, p90: 300 }, gone: { etaSec: 5 } } })
      const ticketsOnly = model.applyForecast({ type: 'forecast', at: 3000, tickets: { x: { etaSec: 1, p10: 1, p90: 1 } } })
      return { before, after: model.services.get('s').etaMinutes, changed, ticketsOnly }
      `,
    )
    t.same(result, { before: 10, after: 3, changed: true, ticketsOnly: false })
    t.equal(await run('/js/format.js', `return m.waitRangeText(14, 7, 25)`), '约 14 分钟（多在 7–25 分钟）')
    t.equal(await run('/js/format.js', `return m.waitRangeText(14)`), '约 14 分钟', 'no interval: the plain wait')
  })

  await t.test('hall model: calls, windows, missed and held from events', async (t) => {
    const result = await run<Record<string, unknown>>(
      '/js/hall-model.js',
      `
      const model = new m.HallModel()
      model.applySnapshot({ hall: 'h', seq: 10, at: 1000, services: [{ id: 's', waiting: 2, openWindows: 1, etaSec: 600 }],
        windows: [{ id: '1', status: 'open', current: null, currentTicket: null, reason: null, since: 0, queueLength: 0 },
                  { id: '2', status: 'open', current: 'x', currentTicket: { id: 'x', number: 'A001', service: 's', status: 'called', class: 'normal' }, reason: null, since: 0, queueLength: 0 }] })
      const seeded = model.recent.map((c) => c.number)
      const ev = (seq, type, extra) => model.applyEvent({ seq, type, at: 2000 + seq, hall: 'h', ...extra })
      const call = ev(11, 'ticket.called', { ticket: 'y', number: 'A002', service: 's', class: 'normal', window: '1', status: 'called' })
      ev(12, 'ticket.no_show', { ticket: 'x', number: 'A001', service: 's', window: '2', status: 'no_show' })
      ev(13, 'ticket.held', { ticket: 'y', number: 'A002', service: 's', window: '1', status: 'held' })
      ev(14, 'window.status', { window: '2', status: 'paused', data: { reason: 'lunch' } })
      return { seeded, call: call.number, lastCall: model.lastCall.number, w1: model.windows.get('1').current, w2: model.windows.get('2'),
        missed: [...model.missed.values()].map((x) => x.number), held: [...model.held.values()].map((x) => x.number),
        stale: model.applyState({ seq: 12, services: [{ id: 's', waiting: 9, etaMinutes: 1 }] }), waiting: model.services.get('s').waiting }
      `,
    )
    t.same(result.seeded, ['A001'], 'a snapshot’s called tickets seed the recent calls')
    t.equal(result.call, 'A002')
    t.equal(result.lastCall, 'A002')
    t.equal(result.w1, null, 'a held ticket leaves its window')
    t.match(
      result.w2,
      { status: 'paused', reason: 'lunch', current: null },
      'a no-show leaves the window; pause with reason',
    )
    t.same(result.missed, ['A001'])
    t.same(result.held, ['A002'])
    t.equal(result.stale, false, 'a /state older than the events is ignored')
    t.equal(result.waiting, 2)
  })

  await t.test("oldest wait: the server's oldestWaitSec, counted on with this page's clock", async (t) => {
    const r = await run<Record<string, unknown>>(
      '/js/hall-model.js',
      `
      const model = new m.HallModel()
      // The server's clock is a year off: only the page's clock at arrival matters.
      model.applySnapshot({ hall: 'h', seq: 1, at: 1, windows: [], services: [
        { id: 's', waiting: 2, openWindows: 1, etaSec: 600, oldestWaitSec: 300 },
        { id: 'none', waiting: 0, openWindows: 1, etaSec: 0, oldestWaitSec: 0 },
        { id: 'old', waiting: 1, openWindows: 1, etaSec: 0 }] }, 1000000)
      const fromSnapshot = model.oldestWait('s', 1060000)
      model.applyState({ seq: 2, services: [{ id: 's', waiting: 1, etaMinutes: 5, oldestWaitSec: 30 }] }, 2000000)
      return { fromSnapshot, fromState: model.oldestWait('s', 2010000), none: model.oldestWait('none', 1060000),
        unknown: model.oldestWait('old', 1060000) }
      `,
    )
    t.equal(r.fromSnapshot, 360000, '300 s at arrival + 60 s since')
    t.equal(r.fromState, 40000, 'GET /state replaces it')
    t.equal(r.none, null, 'nobody waits')
    t.equal(r.unknown, null, 'a server that does not say')
  })

  await t.test('calendar: holidays, make-up working days, service weekdays', async (t) => {
    const doc = JSON.parse(await readFile(new URL('../../config/demo-hall.json', import.meta.url), 'utf8'))
    const at = (iso: string) => Date.parse(iso)
    const r = await page.evaluate(
      `import('/js/calendar.js').then((m) => { const doc = ${JSON.stringify(doc)}; return {
        mondayMorning: m.hallOpenNow(doc, ${at('2026-03-02T10:00:00+08:00')}),
        mondayLunch: m.hallOpenNow(doc, ${at('2026-03-02T12:30:00+08:00')}),
        holiday: m.hallOpenNow(doc, ${at('2026-10-01T10:00:00+08:00')}),
        makeUpSunday: m.hallOpenNow(doc, ${at('2026-09-20T14:00:00+08:00')}),
        plainSunday: m.hallOpenNow(doc, ${at('2026-09-27T14:00:00+08:00')}),
        exitEntryTuesday: m.serviceRunsToday(doc, doc.services.find((s) => s.id === 'exit-entry'), ${at('2026-03-03T10:00:00+08:00')}),
        exitEntryWednesday: m.serviceRunsToday(doc, doc.services.find((s) => s.id === 'exit-entry'), ${at('2026-03-04T10:00:00+08:00')}),
        hours: m.todayHoursText(doc, ${at('2026-03-07T10:00:00+08:00')}) } })`,
    )
    t.match(r, {
      mondayMorning: true,
      mondayLunch: false,
      holiday: false,
      exitEntryTuesday: false,
      exitEntryWednesday: true,
      hours: '09:00–12:00',
    })
    t.match(
      r,
      { makeUpSunday: true, plainSunday: false },
      '调休 Sunday 2026-09-20 keeps Monday hours; other Sundays are closed',
    )
  })

  await t.test('every text key used by the pages exists in both locales', async (t) => {
    const zh = JSON.parse(await readFile(new URL('../../displays/locales/zh-CN.json', import.meta.url), 'utf8'))
    const en = JSON.parse(await readFile(new URL('../../displays/locales/en.json', import.meta.url), 'utf8'))
    t.same(Object.keys(en).sort(), Object.keys(zh).sort(), 'same keys in zh-CN and en')
    const { readdir } = await import('node:fs/promises')
    const root = new URL('../../displays/', import.meta.url)
    const sources = [
      ...(await readdir(root)).filter((f) => f.endsWith('.html')).map((f) => new URL(f, root)),
      ...(await readdir(new URL('js/', root))).map((f) => new URL(`js/${f}`, root)),
    ]
    const used = new Set<string>()
    for (const file of sources) {
      const text = await readFile(file, 'utf8')
      for (const m of text.matchAll(/data-i18n(?:-label|-placeholder|-title)?="([\w.-]+)"|\bt\('([\w.-]+)'/g))
        used.add((m[1] ?? m[2])!)
      for (const m of text.matchAll(/content="([\w]+\.title)"/g)) used.add(m[1]!)
    }
    t.ok(used.size > 100, `${used.size} keys found in the pages`)
    t.same(
      [...used].filter((k) => !(k in zh)),
      [],
      'no key is missing',
    )
  })
}
