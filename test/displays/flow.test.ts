// The acceptance path through the real pages: a citizen takes a number on the kiosk, the clerk
// calls it from the console with the keyboard, the hall board and the phone show it within a
// second, the clerk completes it, and the evaluator at that window asks for (and sends) a rating.
import qrcode from 'qrcode-generator'
import t from 'tap'
import {
  api,
  demoHall,
  launchBrowser,
  openPage,
  randomHall,
  screenshot,
  setUpHall,
  startCore,
  waitForText,
} from './harness.ts'

const qrMatrix = (text: string): boolean[][] => {
  const qr = qrcode(0, 'M')
  qr.addData(text)
  qr.make()
  const n = qr.getModuleCount()
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => qr.isDark(r, c)))
}

const browser = await launchBrowser(t)
if (browser) {
  const core = await startCore()
  t.teardown(() => core.close())
  const hall = randomHall()
  const tokens = await setUpHall(core, hall, await demoHall())
  const clerkToken = await tokens.clerk(['1'])
  const evaluatorToken = (
    await api(core, 'POST', '/tokens', { hall, role: 'device', device: 'evaluator-1', windows: ['1'] })
  ).body.secret
  const q = (o: Record<string, string>): string => new URLSearchParams({ hall, ...o }).toString()

  const board = await openPage(t, browser, 1920, 1080)
  const kiosk = await openPage(t, browser, 1080, 1920)
  const clerk = await openPage(t, browser, 1366, 768)
  const evaluator = await openPage(t, browser, 1280, 800)
  const phone = await openPage(t, browser, 390, 844)
  await board.goto(`${core.url}/board.html?${q({ token: tokens.display })}`)
  await kiosk.goto(`${core.url}/kiosk.html?${q({ token: tokens.kiosk })}`)
  await evaluator.goto(`${core.url}/evaluator.html?${q({ token: evaluatorToken, window: '1' })}`)
  await clerk.goto(`${core.url}/clerk.html?${q({ window: '1' })}`)

  await t.test('the clerk signs in with a token, kept in this browser', async (t) => {
    await clerk.waitForSelector('#signin:not([hidden])')
    await clerk.fill('#token-input', 'not-a-real-token-at-all')
    await clerk.click('#signin button[type=submit]')
    await clerk.waitForSelector('#signin-error:not(:empty)')
    t.match(await clerk.textContent('#signin-error'), /\S/, 'a refused token shows the server message')
    await clerk.fill('#token-input', clerkToken)
    await clerk.click('#signin button[type=submit]')
    await clerk.waitForSelector('#console:not([hidden])')
    t.equal(await clerk.evaluate("localStorage.getItem('qms.clerk.token')"), clerkToken, 'token kept in localStorage')
    await clerk.waitForSelector('#live-status[data-state="live"]')
    await clerk.keyboard.press('o') // open window 1 with its shortcut
    await clerk.waitForSelector('#window-state .badge[data-status="open"]')
    const state = await api(core, 'GET', `/halls/${hall}/state`)
    t.equal(
      state.body.windows.find((w: { id: string }) => w.id === '1').status,
      'open',
      'window 1 is open on the server',
    )
  })

  let ticketUrl = ''
  let number = ''
  await t.test('the kiosk issues a ticket with people ahead, wait and a QR code to the phone page', async (t) => {
    await kiosk.click('.service-btn[data-service="social-security"]')
    await kiosk.waitForSelector('#ticket:not([hidden])')
    number = (await kiosk.textContent('#ticket-number'))!.trim()
    t.match(number, /^A\d{3}$/, 'a social-security number')
    t.match(await kiosk.textContent('#ticket-ahead'), /0/, 'nobody ahead')
    ticketUrl = (await kiosk.getAttribute('#ticket-qr svg', 'data-text'))!
    const url = new URL(ticketUrl)
    t.equal(url.pathname, '/mobile.html')
    t.equal(url.searchParams.get('hall'), hall)
    const id = url.searchParams.get('ticket')!
    const ticket = await api(core, 'GET', `/halls/${hall}/tickets/${id}`)
    t.equal(ticket.body.number, number, 'the QR code points at the issued ticket')
    // The drawn code is the QR code of that URL, module for module.
    const drawn = await kiosk.getAttribute('#ticket-qr path', 'd')
    const expected = qrMatrix(ticketUrl)
      .flatMap((row, r) => row.map((dark, c) => (dark ? `M${c + 4} ${r + 4}h1v1h-1z` : '')))
      .join('')
    t.equal(drawn, expected, 'QR modules match an independent encoding of the URL')
    await screenshot(kiosk, 'flow-kiosk-ticket')
  })

  await t.test('the phone page from the QR code shows the number waiting', async (t) => {
    await phone.goto(ticketUrl)
    await phone.waitForSelector('#live-status[data-state="live"]')
    await waitForText(phone, '#m-number', number)
    t.equal(await phone.getAttribute('#m-status', 'data-status'), 'waiting')
    t.ok(await phone.isHidden('#called'), 'no call notice yet')
  })

  await t.test('call next (N) reaches the board and the phone within a second', async (t) => {
    await board.waitForSelector('#live-status[data-state="live"]')
    await phone.evaluate('window.vibrations = []; navigator.vibrate = (p) => (window.vibrations.push(p), true)')
    const started = Date.now()
    await clerk.keyboard.press('n')
    const onBoard = waitForText(board, '#now-number', number, 5000).then(() => Date.now() - started)
    const onPhone = phone.waitForSelector('#called:not([hidden])', { timeout: 5000 }).then(() => Date.now() - started)
    const [boardMs, phoneMs] = await Promise.all([onBoard, onPhone])
    t.ok(boardMs < 1000, `board showed ${number} after ${boardMs} ms`)
    t.ok(phoneMs < 1000, `phone showed the call after ${phoneMs} ms`)
    t.match(await board.textContent('#now-window'), /1号窗口/)
    t.match(await phone.textContent('#called'), /1号窗口/, 'the phone names the window')
    t.same(await phone.evaluate('window.vibrations.length'), 1, 'the phone vibrated once')
    await waitForText(board, '#caption', /1号窗口/)
    t.equal(await board.textContent('#caption'), `请 ${number} 号到 1号窗口 办理`, 'the announcement caption')
    t.match(await board.textContent('.win[data-window="1"]'), number, 'window 1 tile shows the number')
    t.equal(await clerk.textContent('#cur-number'), number, 'the console shows its current ticket')
    await screenshot(board, 'flow-board-call')
    await screenshot(phone, 'flow-phone-called')
  })

  await t.test('start and complete (with outcome) from the console; the evaluator asks for a rating', async (t) => {
    await clerk.keyboard.press('s')
    await waitForText(clerk, '#cur-info', /办理中/)
    await clerk.selectOption('#outcome-select', 'consulted')
    await clerk.keyboard.press('c')
    await waitForText(clerk, '#cur-number', '—')
    const id = new URL(ticketUrl).searchParams.get('ticket')!
    const done = await api(core, 'GET', `/halls/${hall}/tickets/${id}`)
    t.equal(done.body.status, 'done')
    t.equal(done.body.outcome, 'consulted', 'the chosen outcome reached the server')
    await phone.waitForSelector('#m-status[data-status="done"]')
    await evaluator.waitForSelector('#ev-rate:not([hidden])', { timeout: 5000 })
    t.match(await evaluator.textContent('#ev-question'), number)
    t.equal(await evaluator.locator('.ev-grade[aria-pressed="true"]').count(), 0, 'no default grade')
    const request = evaluator.waitForRequest((r) => r.url().endsWith(`/tickets/${id}/rating`))
    const response = evaluator.waitForResponse((r) => r.url().endsWith(`/tickets/${id}/rating`))
    await evaluator.click('.ev-grade[data-grade="4"]')
    t.same((await request).postDataJSON(), { grade: 4 }, '满意 is sent as grade 4')
    const status = (await response).status()
    await evaluator.waitForSelector('#ev-result:not([hidden])')
    const text = await evaluator.textContent('#ev-result-text')
    if (status === 404) t.equal(text, '评价功能暂未开通，感谢您的配合。', 'no ratings route yet: a clear message')
    else t.equal(text, '感谢您的评价！', `rating accepted (${status})`)
    await screenshot(evaluator, 'flow-evaluator-result')
  })
}
