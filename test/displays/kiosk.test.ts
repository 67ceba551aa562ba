// Kiosk behaviour beyond the happy path: services closed today (document weekdays) and a used-up
// daily limit (the server's 409) shown as unavailable with the reason; the hall closed; the green
// channel issuing priority tickets; a lost answer retried with the same Idempotency-Key; 长者模式
// without the countdown.
import t from 'tap'
import { api, demoHall, launchBrowser, openPage, randomHall, screenshot, setUpHall, startCore } from './harness.ts'

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']
const todayInShanghai = (): string => {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
  return WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!
}

const browser = await launchBrowser(t)
if (browser) {
  const core = await startCore()
  t.teardown(() => core.close())
  const hall = randomHall()
  const today = todayInShanghai()
  const tokens = await setUpHall(
    core,
    hall,
    await demoHall((doc) => {
      doc.services.find((s: { id: string }) => s.id === 'exit-entry').weekdays = WEEKDAYS.filter((d) => d !== today)
      doc.services.find((s: { id: string }) => s.id === 'tax').dailyLimit = 1
      delete doc.greenChannel // without an age rule the kiosk gives the green class itself (citizen.test.ts: with one)
    }),
  )
  const url = `${core.url}/kiosk.html?${new URLSearchParams({ hall, token: tokens.kiosk })}`
  const page = await openPage(t, browser, 1080, 1920)
  await page.goto(url)
  await page.waitForSelector('.service-btn')
  const button = (service: string) => page.locator(`.service-btn[data-service="${service}"]`)

  await t.test('a service not served today is shown unavailable and issues nothing', async (t) => {
    t.equal(await button('exit-entry').getAttribute('aria-disabled'), 'true')
    t.match(await button('exit-entry').textContent(), '今日不办理')
    await button('exit-entry').click({ force: true }) // aria-disabled: still tappable, it explains itself
    t.match(await page.textContent('#kiosk-banner'), '出入境（港澳通行证）：今日不办理')
    t.ok(await page.isVisible('#home'), 'still on the service list')
    const state = await api(core, 'GET', `/halls/${hall}/state`)
    t.equal(state.body.services.find((s: { id: string }) => s.id === 'exit-entry').waiting, 0, 'no ticket was issued')
  })

  await t.test('the daily limit: the server refuses with its message, then the button says so', async (t) => {
    await button('tax').click()
    await page.waitForSelector('#ticket:not([hidden])')
    t.equal(await page.textContent('#ticket-number'), 'G001')
    t.match(await page.textContent('#ticket-countdown'), /秒后返回首页/, 'normal mode counts down back home')
    await page.click('#ticket-done')
    await button('tax').click()
    await page.waitForSelector('#failure:not([hidden])')
    t.match(await page.textContent('#failure-message'), /\S/, 'the server message is shown')
    t.ok(await page.isHidden('#failure-retry'), 'no retry for a refusal')
    await screenshot(page, 'kiosk-daily-limit')
    await page.click('#failure-back')
    t.equal(await button('tax').getAttribute('aria-disabled'), 'true')
    t.match(await button('tax').textContent(), '今日号源已取完')
  })

  await t.test('the green channel issues a priority ticket (no age rule in the hall)', async (t) => {
    await page.click('#green-entry')
    t.ok(await page.isVisible('#green-banner'))
    await button('medical-insurance').click()
    await page.waitForSelector('#ticket:not([hidden])')
    t.equal(await page.textContent('#ticket-class'), '绿色通道')
    const id = new URL((await page.getAttribute('#ticket-qr svg', 'data-text'))!).searchParams.get('ticket')!
    const ticket = await api(core, 'GET', `/halls/${hall}/tickets/${id}`)
    t.equal(ticket.body.class, 'green', 'issued in the green class')
    await page.click('#ticket-done')
    t.ok(await page.isHidden('#green-banner'), 'back to normal issuing')
  })

  await t.test('a lost answer is retried with the same Idempotency-Key: one ticket, not two', async (t) => {
    const keys: string[] = []
    let first = true
    await page.route('**/tickets', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '')
      if (first) {
        first = false
        // The server issues the ticket but the answer never arrives.
        await route.fetch()
        return route.abort('connectionreset')
      }
      return route.continue()
    })
    await button('housing-fund').click()
    await page.waitForSelector('#failure-retry:not([hidden])')
    await page.click('#failure-retry')
    await page.waitForSelector('#ticket:not([hidden])')
    await page.unroute('**/tickets')
    t.equal(keys.length, 2)
    t.ok(keys[0] && keys[0] === keys[1], 'both attempts carried the same key')
    t.equal(await page.textContent('#ticket-number'), 'C001', 'the first (only) housing-fund ticket')
    const state = await api(core, 'GET', `/halls/${hall}/state`)
    t.equal(
      state.body.services.find((s: { id: string }) => s.id === 'housing-fund').waiting,
      1,
      'exactly one ticket exists',
    )
    await page.click('#ticket-done')
  })

  await t.test('长者模式 has no countdown and stays on the ticket until 完成', async (t) => {
    await page.click('#elderly-toggle')
    await button('consultation').click()
    await page.waitForSelector('#ticket:not([hidden])')
    t.equal(await page.textContent('#ticket-countdown'), '', 'no time-out in elderly mode')
    await screenshot(page, 'kiosk-elderly-ticket')
    await page.click('#ticket-done')
    t.equal(
      await page.getAttribute('#elderly-toggle', 'aria-pressed'),
      'false',
      'the next visitor starts in normal mode',
    )
  })

  await t.test('outside opening hours every service says the hall is not issuing', async (t) => {
    const closedHall = randomHall()
    const closed = await setUpHall(core, closedHall, await demoHall((doc) => (doc.hours = { weekly: {} })))
    const p = await openPage(t, browser, 1080, 1920)
    await p.goto(`${core.url}/kiosk.html?${new URLSearchParams({ hall: closedHall, token: closed.kiosk })}`)
    await p.waitForSelector('.service-btn')
    t.equal(await p.locator('.service-btn[aria-disabled="false"]').count(), 0, 'nothing can be taken')
    t.match(await p.textContent('.service-btn[data-service="social-security"]'), '当前不在取号时间')
    t.equal(await p.textContent('#hall-hours'), '今日不对外办理')
  })
}
