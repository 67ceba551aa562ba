// Citizen flows against the real core with the appointment routes (PGlite) and notifications (a
// local webhook gateway), on a settable server clock: kiosk check-in by booking code (the ticket
// with its message) and by ID number on the kiosk's keys; a late arrival shown as a walk-in; the
// green channel with the hall's age rule (ID asked, 403 shown, eligible ID gets green); the mobile
// page with names from GET /public, the notify form and the booking link.
import t from 'tap'
import { appointmentRoutes } from '../../src/http/routes/appointments.ts'
import { notifyRoutes } from '../../src/http/routes/notify.ts'
import { Notifications } from '../../src/notify/notifications.ts'
import { MemoryWatchRegistry } from '../../src/notify/watch-registry.ts'
import { WebhookNotifier } from '../../src/notify/webhook.ts'
import { MemoryQueueStore } from '../../src/store/memory/memory-store.ts'
import { ELDER_ID, YOUNG_ID, identity, testDb } from '../appointments/fixtures.ts'
import { startGateway } from '../notify/gateway.ts'
import { auditPage, lowContrast, scrolls, unnamedControls } from './audit.ts'
import { api, demoHall, launchBrowser, openPage, randomHall, screenshot, setUpHall, startCore } from './harness.ts'

/** Monday 2026-03-02 in Shanghai at hh:mm (the test hall has no hours: slots all day). */
const DAY = '2026-03-02'
const at = (hhmm: string): number => Date.parse(`${DAY}T${hhmm}:00+08:00`)

const browser = await launchBrowser(t)
const db = browser && (await testDb(t, 'pglite'))
if (browser && db) {
  const clock = { now: at('09:00') }
  const now = () => clock.now
  const store = new MemoryQueueStore()
  const gateway = await startGateway(t)
  const notifications = new Notifications({
    store,
    registry: new MemoryWatchRegistry(),
    notifier: new WebhookNotifier({ url: gateway.url, secret: 'test-secret', retryDelaysMs: [10] }),
    sealer: identity.sealer,
    now,
    rescanMs: 50,
  })
  const core = await startCore({
    store,
    identity,
    now,
    apiPlugins: [
      async (a) => void (await a.register(appointmentRoutes, { db, now, publicPerMinute: 1000 })),
      async (a) => void (await a.register(notifyRoutes, { notifications })),
    ],
  })
  t.teardown(async () => {
    await notifications.stop()
    await core.close()
  })
  await notifications.start()
  const hall = randomHall()
  const tokens = await setUpHall(core, hall, await demoHall())
  const book = async (slot: string, who: Record<string, string>): Promise<string> => {
    const r = await api(core, 'POST', `/halls/${hall}/appointments`, {
      service: 'social-security',
      date: DAY,
      slot,
      identity: who,
    })
    if (r.status !== 201) throw new Error(`book: ${r.status} ${JSON.stringify(r.body)}`)
    return r.body.code
  }
  const onTime = await book('10:00', { phone: '13812345678' })
  const late = await book('10:30', { phone: '13812345679' })
  await book('11:00', { idCard: YOUNG_ID })

  const page = await openPage(t, browser, 1080, 1920)
  await page.goto(`${core.url}/kiosk.html?${new URLSearchParams({ hall, token: tokens.kiosk })}`)
  await page.waitForSelector('.service-btn')
  const ticketId = async () =>
    new URL((await page.getAttribute('#ticket-qr svg', 'data-text'))!).searchParams.get('ticket')!
  let checkedIn = ''

  await t.test('check-in by booking code: the ticket, its wait and QR code, and the message', async (t) => {
    clock.now = at('09:50')
    await page.click('#checkin-entry')
    await page.waitForSelector('#checkin:not([hidden])')
    t.equal(
      new URL((await page.getAttribute('#book-qr svg', 'data-text'))!).pathname,
      '/booking.html',
      'a QR code to the booking page',
    )
    await page.keyboard.type(onTime.toLowerCase()) // as a scanner types it (the field has the focus)
    t.equal(await page.inputValue('#checkin-input'), onTime, 'upper-cased')
    await page.keyboard.press('Enter')
    await page.waitForSelector('#ticket:not([hidden])')
    t.equal(await page.textContent('#ticket-number'), 'A001')
    t.equal(await page.textContent('#ticket-class'), '预约')
    t.equal(await page.textContent('#ticket-ahead'), '0 人')
    t.match(await page.textContent('#ticket-note'), /签到成功/)
    t.notOk(await page.getAttribute('#ticket-note', 'class').then((c) => c?.includes('late')), 'not a warning')
    checkedIn = await ticketId()
    const ticket = await api(core, 'GET', `/halls/${hall}/tickets/${checkedIn}`)
    t.match(ticket.body, { number: 'A001', class: 'appointment', status: 'waiting' })
    t.equal(await page.inputValue('#checkin-input'), '', 'nothing left in the field')
    await screenshot(page, 'kiosk-check-in')
    await page.click('#ticket-done')
  })

  await t.test('a late check-in becomes a walk-in, and the kiosk says so', async (t) => {
    clock.now = at('10:41')
    await page.click('#checkin-entry')
    for (const c of late) await page.click(`#checkin-keys .key:text-is("${c}")`)
    await page.click('#checkin-submit')
    await page.waitForSelector('#ticket:not([hidden])')
    t.equal(await page.textContent('#ticket-number'), 'A002')
    t.ok(await page.isHidden('#ticket-class'), 'a normal ticket')
    t.match(await page.textContent('#ticket-note.late'), /超过预约签到时间.*现场取号/)
    const status = (await api(core, 'GET', `/halls/${hall}/appointments/${late}`)).body.status
    t.equal(status, 'late')
    await screenshot(page, 'kiosk-check-in-late')
    await page.click('#ticket-done')
  })

  await t.test('check-in by ID number on the keys; an unknown code shows the server message', async (t) => {
    clock.now = at('10:50')
    await page.click('#checkin-entry')
    await page.click('#checkin-modes [data-mode="idCard"]')
    await page.click('#checkin-submit')
    t.equal(await page.textContent('#checkin-error'), '请输入完整的 18 位身份证号', 'incomplete: nothing sent')
    for (const c of YOUNG_ID) await page.click(`#checkin-keys .key:text-is("${c}")`)
    await page.click('#checkin-submit')
    await page.waitForSelector('#ticket:not([hidden])')
    t.equal(await page.textContent('#ticket-class'), '预约')
    await page.click('#ticket-done')

    await page.click('#checkin-entry')
    await page.fill('#checkin-input', 'ABCDEFGHJK')
    await page.click('#checkin-submit')
    await page.waitForSelector('#failure:not([hidden])')
    t.match(await page.textContent('#failure-message'), /\S/, `shown: ${await page.textContent('#failure-message')}`)
    t.ok(await page.isHidden('#failure-retry'), 'no retry for a refusal')
    await page.click('#failure-back')
  })

  await t.test('green channel with the age rule: the ID first; too young is refused, 60+ is green', async (t) => {
    t.match(await page.textContent('#green-entry'), '60 周岁及以上')
    await page.click('#green-entry')
    await page.waitForSelector('#green-id:not([hidden])')
    await page.fill('#green-id-input', YOUNG_ID)
    await page.click('#green-id-next')
    await page.waitForSelector('#green-banner:not([hidden])')
    await page.click('.service-btn[data-service="medical-insurance"]')
    await page.waitForSelector('#failure:not([hidden])')
    t.match(await page.textContent('#failure-message'), /绿色通道请刷身份证或到服务台办理/, 'the 403 message')
    await page.click('#failure-back')
    t.ok(await page.isHidden('#green-banner'), 'back to normal issuing')

    await page.click('#green-entry')
    await page.fill('#green-id-input', ELDER_ID)
    await page.keyboard.press('Enter')
    await page.click('.service-btn[data-service="medical-insurance"]')
    await page.waitForSelector('#ticket:not([hidden])')
    t.equal(await page.textContent('#ticket-class'), '绿色通道')
    const ticket = await api(core, 'GET', `/halls/${hall}/tickets/${await ticketId()}`)
    t.match(ticket.body, { class: 'green', holder: '1101**********0017' }, 'issued green, for that ID card')
    await page.click('#ticket-done')
  })

  await t.test('kiosk check-in screen in 长者模式: 4.5:1, text ≥ 18pt, targets ≥ 60 px, no scrolling', async (t) => {
    await page.click('#elderly-toggle')
    await page.click('#checkin-entry')
    await page.waitForSelector('#checkin:not([hidden])')
    await screenshot(page, 'kiosk-check-in-elderly')
    const audit = await auditPage(page)
    t.notOk(scrolls(audit), 'no scrolling')
    t.same(lowContrast(audit, 4.5), [], 'every text at least 4.5:1')
    t.same(
      audit.texts.filter((x) => x.size < 24),
      [],
      'every text at least 24 px (18 pt)',
    )
    t.ok(audit.targets.length >= 40, 'the keys were measured')
    t.same(
      audit.targets.filter((x) => x.width < 60 || x.height < 60),
      [],
      'every target at least 60×60 px',
    )
    t.same(await unnamedControls(page), [], 'every control named')
    await page.click('#checkin [data-action="home"]')
  })

  await t.test('mobile page: names from GET /public, the notify form, the booking link', async (t) => {
    const phone = await openPage(t, browser, 390, 844)
    await phone.goto(`${core.url}/mobile.html?${new URLSearchParams({ hall, ticket: checkedIn })}`)
    await phone.waitForSelector('#m-number:not(:empty)')
    await phone.waitForSelector('#m-notify:not([hidden])')
    t.equal(await phone.textContent('#m-service'), '社保业务 · 预约', 'service and class names')
    t.equal(new URL((await phone.getAttribute('#m-book', 'href'))!, core.url).pathname, '/booking.html')
    await phone.fill('#m-notify-to', '13912345678')
    await phone.selectOption('#m-notify-ahead', '3')
    await phone.click('#m-notify button[type="submit"]')
    await phone.waitForSelector('#m-notify-fields[hidden]', { state: 'attached' })
    t.equal(await phone.textContent('#m-notify-msg'), '已设置：前方剩 3 人时和叫号时发消息至 139****5678')
    const [near] = await gateway.waitFor(1)
    t.match(near!.json, { kind: 'near', ticket: checkedIn, to: '13912345678' }, 'already within 3: a message at once')
    const audit = await auditPage(phone)
    await screenshot(phone, 'mobile-notify')
    t.notOk(scrolls(audit), 'no scrolling at 390×844')
    t.same(lowContrast(audit), [], 'contrast')
    t.same(await unnamedControls(phone), [], 'every control named')

    await api(core, 'POST', `/halls/${hall}/windows/10/open`, {})
    clock.now = at('11:00')
    await api(core, 'POST', `/halls/${hall}/windows/10/call-next`, {})
    await phone.waitForSelector('#called:not([hidden])')
    t.equal(await phone.textContent('#called'), '请到 10号综合窗口 办理', 'the window name from the hall')
  })

  await t.test('without a gateway or bookings the mobile page offers neither', async (t) => {
    const plain = await startCore()
    t.teardown(() => plain.close())
    const other = randomHall()
    const otherTokens = await setUpHall(plain, other, await demoHall())
    const id = (await api(plain, 'POST', `/halls/${other}/tickets`, { service: 'tax' }, otherTokens.kiosk)).body.id
    const phone = await openPage(t, browser, 390, 844)
    await phone.goto(`${plain.url}/mobile.html?${new URLSearchParams({ hall: other, ticket: id })}`)
    await phone.waitForSelector('#m-service:not(:empty)')
    t.equal(await phone.textContent('#m-service'), '税务业务')
    t.ok(await phone.isHidden('#m-notify'), 'no notify form')
    t.ok(await phone.isHidden('#m-book'), 'no booking link')
  })
}
