// Staff pages against the real core: every clerk action through its keyboard shortcut, errors
// shown from the server's message; the manager's window controls, alarms and services editor;
// the masked holder of the current ticket and the oldest wait per service from the server.
import t from 'tap'
import {
  api,
  blur,
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
  const skew = { ms: 0 } // the server's clock: moved back to issue tickets "minutes ago"
  const core = await startCore({ now: () => Date.now() + skew.ms })
  t.teardown(() => core.close())
  const hall = randomHall()
  const tokens = await setUpHall(core, hall, await demoHall())
  const clerkToken = await tokens.clerk(['1', '2'])
  for (const w of ['1', '2']) await api(core, 'POST', `/halls/${hall}/windows/${w}/open`, {})
  for (let i = 0; i < 3; i++)
    await api(core, 'POST', `/halls/${hall}/tickets`, { service: 'social-security' }, tokens.kiosk)
  const ticketAt = async (w: string) =>
    (await api(core, 'GET', `/halls/${hall}/state`)).body.windows.find((x: { id: string }) => x.id === w).current

  await t.test('clerk console: every action by its shortcut', async (t) => {
    const page = await openPage(t, browser, 1366, 768)
    await page.goto(`${core.url}/clerk.html?${new URLSearchParams({ hall, token: clerkToken, window: '1' })}`)
    await page.waitForSelector('#live-status[data-state="live"]')
    t.notOk(new URL(page.url()).searchParams.has('token'), 'the token left the address bar')
    const shortcuts = await page.$$eval('#console button[aria-keyshortcuts]', (bs) =>
      bs.map((b) => [b.getAttribute('aria-keyshortcuts'), b.querySelector('kbd')?.textContent]),
    )
    t.equal(shortcuts.length, 11, 'eleven actions')
    t.ok(
      shortcuts.every(([k, shown]) => k && k === shown),
      'each button shows its shortcut',
    )
    const message = (re: RegExp) => waitForText(page, '#clerk-message', re)
    // A button is enabled from the live feed, which can trail the previous answer on a busy
    // machine; a shortcut pressed before that is ignored, as a click on a disabled button.
    const press = async (key: string, action: string) => {
      await page.waitForSelector(`#console [data-action="${action}"]:not(:disabled)`)
      await page.keyboard.press(key)
    }

    await press('n', 'callNext')
    await message(/已呼叫 A001/)
    await press('r', 'recall')
    await message(/已重呼 A001/)
    await press('h', 'hold')
    await message(/A001 已暂挂/)
    await page.waitForSelector('#held-list button[aria-label="恢复 A001"]')
    t.equal(await page.textContent('#cur-number'), '—', 'nothing current while held')
    await press('m', 'resume')
    await message(/A001 已恢复/)
    t.equal((await ticketAt('1')).number, 'A001', 'resumed at window 1')
    await press('x', 'noShow')
    await message(/A001 已过号/)
    await page.click('#held-list button[aria-label="A001 重新排队"]')
    await message(/A001 已重新排队/)

    await press('n', 'callNext')
    await message(/已呼叫 A002/)
    await page.selectOption('#transfer-target', 'window:2')
    await blur(page)
    await press('t', 'transfer')
    await message(/A002 已转移/)
    const state = await api(core, 'GET', `/halls/${hall}/state`)
    t.equal(
      state.body.windows.find((w: { id: string }) => w.id === '2').queueLength,
      1,
      'A002 waits in window 2’s own queue',
    )

    await press('n', 'callNext')
    await message(/已呼叫 A003/)
    const a003 = (await ticketAt('1')).id
    for (let i = 1; i <= 3; i++) {
      await press('r', 'recall')
      for (
        let tries = 0;
        (await api(core, 'GET', `/halls/${hall}/tickets/${a003}`)).body.recalls < i && tries < 50;
        tries++
      )
        await page.waitForTimeout(50)
    }
    await press('r', 'recall') // past rules.maxRecalls (3): the server refuses
    await page.waitForSelector('#clerk-error:not(:empty)')
    t.match(
      await page.textContent('#clerk-error'),
      /\S/,
      `the server's message is shown: ${await page.textContent('#clerk-error')}`,
    )
    await press('s', 'start')
    await message(/A003 开始办理/)
    await press('c', 'complete')
    await message(/A003 已办结/)

    await page.fill('#pause-reason', '午休')
    await blur(page)
    await press('p', 'pause')
    await message(/窗口状态：暂停服务/)
    const paused = (await api(core, 'GET', `/halls/${hall}/state`)).body.windows.find(
      (w: { id: string }) => w.id === '1',
    )
    t.equal(paused.status, 'paused')
    t.equal(paused.reason, '午休', 'the pause reason reached the server')
    t.ok(await page.isDisabled('#ticket-actions [data-action="callNext"]'), 'no calling while paused')
    await press('o', 'open')
    await message(/窗口状态：服务中/)
    await press('l', 'close')
    await message(/窗口状态：未开放/)
    await screenshot(page, 'clerk-after-actions')
  })

  await t.test('manager: alarms, window controls and the services editor', async (t) => {
    await api(core, 'POST', `/halls/${hall}/tickets`, { service: 'housing-fund' }, tokens.kiosk)
    const page = await openPage(t, browser, 1920, 1080)
    await page.goto(
      `${core.url}/manager.html?${new URLSearchParams({ hall, token: tokens.manager, pauseAlarmMinutes: '0' })}`,
    )
    await page.waitForSelector('#live-status[data-state="live"]')
    await page.waitForSelector('#alarm-list li[data-key="stranded:housing-fund"]')
    t.match(await page.textContent('#alarm-list'), '公积金业务有 1 人等候，但没有开放的窗口')

    await page.click('button[aria-label="开启窗口 4号窗口"]')
    await page.waitForSelector('tr[data-window="4"] .badge[data-status="open"]')
    await page.waitForSelector('#alarm-list li[data-key="stranded:housing-fund"]', { state: 'detached' })
    t.pass('opening window 4 cleared the alarm')

    await page.fill('#pause-reason', '系统故障')
    await page.click('button[aria-label="暂停 4号窗口"]')
    await page.waitForSelector('#alarm-list li[data-key="paused:4"]')
    t.match(await page.textContent('#alarm-list li[data-key="paused:4"]'), '系统故障')

    await page.click('button[aria-label="调整4号窗口办理的业务"]')
    await page.check('#services-fieldset input[value="consultation"]')
    await page.click('#services-form button[value="save"]')
    await waitForText(page, 'tr[data-window="4"]', /综合咨询/)
    const doc = (await api(core, 'GET', `/halls/${hall}`)).body
    t.same(
      doc.windows.find((w: { id: string }) => w.id === '4').services,
      ['housing-fund', 'consultation'],
      'the document was changed on the server, order kept',
    )

    await page.click('button[aria-label="调整4号窗口办理的业务"]')
    for (const box of await page.$$('#services-fieldset input:checked')) await box.uncheck()
    await page.click('#services-form button[value="save"]')
    t.equal(
      await page.textContent('#dialog-error'),
      '每个窗口至少办理一项业务',
      'an empty list is refused before sending',
    )
    await page.click('#dialog-cancel')
    await screenshot(page, 'manager-after-actions')
  })

  await t.test('the masked holder at the clerk console; oldest waits from the server on both pages', async (t) => {
    const other = randomHall()
    const otherTokens = await setUpHall(core, other, await demoHall())
    const issue = (identity?: object) =>
      api(
        core,
        'POST',
        `/halls/${other}/tickets`,
        { service: 'housing-fund', ...(identity && { identity }) },
        otherTokens.kiosk,
      )
    skew.ms = -15 * 60_000
    await issue({ idCard: '440304199005151233' }) // 35 years old: a normal ticket
    skew.ms = -12 * 60_000
    await issue()
    skew.ms = 0
    await api(core, 'POST', `/halls/${other}/windows/4/open`, {})

    const manager = await openPage(t, browser, 1920, 1080)
    await manager.goto(
      `${core.url}/manager.html?${new URLSearchParams({ hall: other, token: otherTokens.manager, waitAlarmMinutes: '10' })}`,
    )
    await waitForText(manager, 'tr[data-service="housing-fund"] td:nth-of-type(2)', '15 分钟')
    t.match(await manager.textContent('#alarm-list'), '公积金业务最长等待 15 分钟')

    const page = await openPage(t, browser, 1366, 768)
    const clerk = await otherTokens.clerk(['4'])
    await page.goto(`${core.url}/clerk.html?${new URLSearchParams({ hall: other, token: clerk, window: '4' })}`)
    await page.waitForSelector('#live-status[data-state="live"]')
    await waitForText(page, '#queue-rows tr:first-child td:nth-child(3)', '15 分钟')
    t.ok(await page.isHidden('#cur-holder'), 'no current ticket, no holder')
    await page.keyboard.press('n')
    await waitForText(page, '#clerk-message', /已呼叫 C001/)
    await waitForText(page, '#cur-holder', '办事人 4403**********1233')
    await waitForText(page, '#queue-rows tr:first-child td:nth-child(3)', '12 分钟')
    t.pass('the next oldest after the call, from GET /state')
    await waitForText(manager, 'tr[data-service="housing-fund"] td:nth-of-type(2)', '12 分钟')
    await screenshot(page, 'clerk-holder')
    await page.keyboard.press('n') // completes C001 and calls C002, which has no holder
    await waitForText(page, '#clerk-message', /已呼叫 C002/)
    t.ok(await page.isHidden('#cur-holder'), 'a ticket without identity shows none')
  })
}
