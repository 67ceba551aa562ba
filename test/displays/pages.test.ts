// Every page at its target size: nothing scrolls, text contrast passes WCAG AA (the kiosk's
// 长者模式 4.5:1 everywhere, text ≥ 18pt, targets ≥ 60 px), every control has an accessible name.
// Screenshots go to test-artifacts/ (git-ignored).
import t from 'tap'
import { auditPage, controlCount, lowContrast, scrolls, unnamedControls } from './audit.ts'
import { api, demoHall, launchBrowser, openPage, randomHall, screenshot, setUpHall, startCore } from './harness.ts'

const browser = await launchBrowser(t)
if (browser) {
  const core = await startCore()
  t.teardown(() => core.close())
  const hall = randomHall()
  const tokens = await setUpHall(core, hall, await demoHall())
  const clerk = await tokens.clerk(['1', '2'])
  const evaluatorToken = (
    await api(core, 'POST', '/tokens', { hall, role: 'device', device: 'evaluator-1', windows: ['1'] })
  ).body.secret
  for (const w of ['1', '2', '3', '8']) await api(core, 'POST', `/halls/${hall}/windows/${w}/open`, {})
  await api(core, 'POST', `/halls/${hall}/windows/3/pause`, { reason: '午休' })
  const ids: string[] = []
  for (const s of ['social-security', 'social-security', 'medical-insurance', 'tax', 'social-security']) {
    ids.push((await api(core, 'POST', `/halls/${hall}/tickets`, { service: s }, tokens.kiosk)).body.id)
  }
  await api(core, 'POST', `/halls/${hall}/windows/1/call-next`, {})
  await api(core, 'POST', `/halls/${hall}/windows/2/call-next`, {})
  const q = (o: Record<string, string>): string => new URLSearchParams({ hall, ...o }).toString()

  interface Spec {
    name: string
    path: string
    size: [number, number]
    ready: string // a selector that is there once the page has its data
    controls?: boolean
  }
  const specs: Spec[] = [
    {
      name: 'index',
      path: `/?${q({ token: tokens.display })}`,
      size: [1280, 800],
      ready: '#pages li a',
      controls: true,
    },
    {
      name: 'board',
      path: `/board.html?${q({ token: tokens.display })}`,
      size: [1920, 1080],
      ready: '#live-status[data-state="live"] ~ *, .win[data-window="10"]',
    },
    {
      name: 'board-en',
      path: `/board.html?${q({ token: tokens.display, lang: 'en' })}`,
      size: [1920, 1080],
      ready: '.win[data-window="10"]',
    },
    {
      name: 'window',
      path: `/window.html?${q({ token: tokens.display, window: '1' })}`,
      size: [640, 360],
      ready: '#wd-number:not(:empty)',
    },
    {
      name: 'kiosk',
      path: `/kiosk.html?${q({ token: tokens.kiosk })}`,
      size: [1080, 1920],
      ready: '.service-btn',
      controls: true,
    },
    {
      name: 'kiosk-en',
      path: `/kiosk.html?${q({ token: tokens.kiosk, lang: 'en' })}`,
      size: [1080, 1920],
      ready: '.service-btn',
      controls: true,
    },
    {
      name: 'clerk',
      path: `/clerk.html?${q({ token: clerk, window: '1' })}`,
      size: [1366, 768],
      ready: '#cur-number:not(:empty)',
      controls: true,
    },
    {
      name: 'manager',
      path: `/manager.html?${q({ token: tokens.manager })}`,
      size: [1920, 1080],
      ready: '#window-rows tr',
      controls: true,
    },
    {
      name: 'mobile',
      path: `/mobile.html?${q({ ticket: ids[4]! })}`,
      size: [390, 844],
      ready: '#m-number:not(:empty)',
      controls: true,
    },
    {
      name: 'evaluator',
      path: `/evaluator.html?${q({ token: evaluatorToken, window: '1' })}`,
      size: [1280, 800],
      ready: '#ev-window:not(:empty)',
      controls: true,
    },
  ]

  for (const spec of specs) {
    await t.test(spec.name, async (t) => {
      const page = await openPage(t, browser, ...spec.size)
      await page.goto(core.url + spec.path)
      await page.waitForSelector(spec.ready, { timeout: 10000 })
      await page.waitForTimeout(300) // fonts and the first state refresh
      await screenshot(page, spec.name)
      const audit = await auditPage(page)
      t.ok(audit.texts.length >= 2, `${spec.name}: has text to check (${audit.texts.length})`)
      t.notOk(scrolls(audit), `${spec.name}: no scrolling at ${spec.size.join('×')} (${JSON.stringify(audit.scroll)})`)
      t.same(lowContrast(audit), [], `${spec.name}: text contrast ≥ 4.5:1 (large text 3:1)`)
      t.same(await unnamedControls(page), [], `${spec.name}: every control has an accessible name`)
      if (spec.controls) t.ok((await controlCount(page)) > 0, `${spec.name}: controls were checked`)
    })
  }

  await t.test('a large hall (24 windows, 15 services) still fits the board', async (t) => {
    const big = randomHall()
    const bigTokens = await setUpHall(
      core,
      big,
      await demoHall((doc) => {
        for (const [i, prefix] of ['L', 'M', 'N', 'P', 'Q', 'R'].entries()) {
          doc.services.push({ id: `extra-${i}`, name: `附加业务${i + 1}`, prefix, category: 'business' })
        }
        for (let i = 11; i <= 24; i++)
          doc.windows.push({ id: String(i), name: `${i}号窗口`, services: ['consultation'] })
      }),
    )
    const page = await openPage(t, browser, 1920, 1080)
    await page.goto(`${core.url}/board.html?${new URLSearchParams({ hall: big, token: bigTokens.display })}`)
    await page.waitForSelector('.win[data-window="24"]')
    await screenshot(page, 'board-large-hall')
    const audit = await auditPage(page)
    t.notOk(scrolls(audit), 'no scrolling')
    const hidden = (await page.evaluate(`(() => {
      const box = (el) => el.getBoundingClientRect()
      const clip = (sel, item) => { const b = box(document.querySelector(sel)); return [...document.querySelectorAll(item)].filter((e) => box(e).bottom > b.bottom + 0.5 || box(e).right > b.right + 0.5).length }
      return clip('.windows', '.win') + clip('.services', '.service-table tr')
    })()`)) as number
    t.equal(hidden, 0, 'every window tile and service row is inside its panel')
    t.same(lowContrast(audit), [], 'contrast')
  })

  await t.test('the audit itself catches low contrast, small targets and unnamed controls', async (t) => {
    const page = await openPage(t, browser, 800, 600)
    await page.goto(`${core.url}/?${q({})}`)
    await page.waitForSelector('#pages li a')
    await page.evaluate(`
      const p = document.createElement('p')
      p.textContent = 'hard to read'
      p.style.cssText = 'color:#999;background:#aaa'
      const b = document.createElement('button')
      b.style.cssText = 'width:20px;height:20px'
      document.body.append(p, b)
      document.body.style.height = '2000px'
    `)
    const audit = await auditPage(page)
    t.match(lowContrast(audit), [{ text: 'hard to read' }], 'grey on grey is flagged')
    t.ok(
      audit.targets.some((x) => x.width < 60),
      'the small button is measured',
    )
    t.equal((await unnamedControls(page)).length, 1, 'the empty button has no name')
    t.ok(scrolls(audit), 'a page taller than the viewport scrolls')
  })

  await t.test('kiosk 长者模式: 4.5:1 everywhere, text ≥ 18pt, targets ≥ 60 px, still no scrolling', async (t) => {
    const page = await openPage(t, browser, 1080, 1920)
    await page.goto(`${core.url}/kiosk.html?${q({ token: tokens.kiosk })}`)
    await page.waitForSelector('.service-btn')
    await page.click('#elderly-toggle')
    t.equal(await page.getAttribute('#elderly-toggle', 'aria-pressed'), 'true')
    await screenshot(page, 'kiosk-elderly')
    const audit = await auditPage(page)
    t.notOk(scrolls(audit), 'no scrolling')
    t.same(lowContrast(audit, 4.5), [], 'every text at least 4.5:1')
    t.same(
      audit.texts.filter((x) => x.size < 24),
      [],
      'every text at least 24 px (18 pt)',
    )
    t.ok(audit.targets.length >= 10, 'targets were measured')
    t.same(
      audit.targets.filter((x) => x.width < 60 || x.height < 60),
      [],
      'every target at least 60×60 px',
    )
    t.same(await unnamedControls(page), [], 'every control named')
  })

  await t.test('evaluator asking for a rating, with reasons', async (t) => {
    const page = await openPage(t, browser, 1280, 800)
    await page.goto(`${core.url}/evaluator.html?${q({ token: evaluatorToken, window: '1' })}`)
    await page.waitForSelector('#ev-window:not(:empty)')
    await page.waitForSelector('#ev-idle:not([hidden])')
    await new Promise((r) => setTimeout(r, 500)) // the live channel is up before the event
    const current = (await api(core, 'GET', `/halls/${hall}/state`)).body.windows.find(
      (w: { id: string }) => w.id === '1',
    ).current
    await api(core, 'POST', `/halls/${hall}/tickets/${current.id}/complete`, {})
    await page.waitForSelector('#ev-rate:not([hidden])', { timeout: 5000 })
    t.equal(await page.locator('.ev-grade[aria-pressed="true"]').count(), 0, 'no grade preselected')
    await page.click('.ev-grade[data-grade="1"]')
    await page.waitForSelector('#ev-reasons:not([hidden])')
    await screenshot(page, 'evaluator-reasons')
    const audit = await auditPage(page)
    t.notOk(scrolls(audit), 'no scrolling with the reasons open')
    t.same(lowContrast(audit), [], 'contrast')
    t.same(await unnamedControls(page), [], 'every control named')
  })
}
