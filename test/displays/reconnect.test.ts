// The hall board recovers by itself when the core goes away: the core is stopped mid-test and a
// new one is started on the same port with the same store; the board reconnects with `?since=`
// (no reload) and shows calls made afterwards.
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

const browser = await launchBrowser(t)
if (browser) {
  let core = await startCore()
  t.teardown(() => core.close())
  const { port, store, tokens: tokenStore } = core
  const hall = randomHall()
  const tokens = await setUpHall(core, hall, await demoHall())
  await api(core, 'POST', `/halls/${hall}/windows/1/open`, {})
  for (let i = 0; i < 3; i++)
    await api(core, 'POST', `/halls/${hall}/tickets`, { service: 'social-security' }, tokens.kiosk)

  const board = await openPage(t, browser, 1920, 1080)
  const sockets: string[] = []
  board.on('websocket', (ws) => sockets.push(ws.url()))
  await board.goto(`${core.url}/board.html?${new URLSearchParams({ hall, token: tokens.display })}`)
  await board.waitForSelector('#live-status[data-state="live"]')
  await api(core, 'POST', `/halls/${hall}/windows/1/call-next`, {})
  await waitForText(board, '#now-number', 'A001')
  const loads: number[] = []
  board.on('load', () => loads.push(Date.now()))

  await t.test('the core stops: the board says it is offline and keeps its picture', async (t) => {
    await core.close()
    await board.waitForSelector('#live-status:not([data-state="live"])', { timeout: 5000 })
    t.not(await board.getAttribute('#live-status', 'data-state'), 'live')
    t.equal(await board.textContent('#now-number'), 'A001', 'the last call stays on screen')
    await new Promise((r) => setTimeout(r, 2500)) // a few failed attempts while nothing listens
    await screenshot(board, 'reconnect-offline')
  })

  await t.test('a new core on the same port and store: the board resumes with since and shows new calls', async (t) => {
    core = await startCore({ port, store, tokens: tokenStore })
    await board.waitForSelector('#live-status[data-state="live"]', { timeout: 20000 })
    const call = await api(core, 'POST', `/halls/${hall}/windows/1/call-next`, {})
    t.equal(call.body.ticket.number, 'A002')
    await waitForText(board, '#now-number', 'A002', 5000)
    t.match(await board.textContent('#recent-list'), 'A001', 'the earlier call moved to recent calls')
    t.ok(sockets.length >= 2, `the board opened ${sockets.length} connections`)
    const last = new URL(sockets.at(-1)!)
    t.match(last.searchParams.get('since'), /^\d+$/, 'the reconnection asked for the events since its last seq')
    t.equal(loads.length, 0, 'the page was never reloaded')
    await screenshot(board, 'reconnect-resumed')
  })
}
