// The booking page in headless Chromium against the real core (appointment routes on PGlite):
// choose a service, a date and a slot, book with a phone number, see the code and its QR code,
// then look the booking up by code and cancel it.
import t from 'tap'
import { buildApp } from '../../src/app.ts'
import { MemoryTokenStore } from '../../src/auth/memory-token-store.ts'
import { displaysPlugin } from '../../src/http/displays-plugin.ts'
import { appointmentRoutes } from '../../src/http/routes/appointments.ts'
import { MemoryQueueStore } from '../../src/store/memory/memory-store.ts'
import { launchBrowser, openPage } from '../displays/harness.ts'
import { MONDAY, PHONE, at, hallInput, identity, testDb } from './fixtures.ts'

const ADMIN = 'admin-for-booking-page'

t.test('book, look up and cancel on the booking page', async (t) => {
  const browser = await launchBrowser(t)
  if (!browser) return
  const db = await testDb(t, 'pglite')
  if (!db) return
  const now = () => at(MONDAY, '08:00')
  const app = await buildApp({
    store: new MemoryQueueStore(),
    tokens: new MemoryTokenStore(),
    adminToken: ADMIN,
    now,
    identity,
    apiPlugins: [async (api) => void (await api.register(appointmentRoutes, { db, now }))],
    extraPlugins: [async (a) => void (await a.register(displaysPlugin))],
  })
  t.teardown(() => app.close())
  const put = await app.inject({
    method: 'PUT',
    url: '/api/v1/halls/demo',
    headers: { authorization: `Bearer ${ADMIN}` },
    payload: hallInput(),
  })
  t.equal(put.statusCode, 201)
  const url = await app.listen({ host: '127.0.0.1', port: 0 })

  const page = await openPage(t, browser, 390, 844)
  await page.goto(`${url}/booking.html?hall=demo`)
  await page.getByRole('button', { name: /社保/ }).click()
  await page.getByRole('button', { name: /03-03 周一/ }).click()
  await page.getByRole('button', { name: '10:00–10:30 · 余 2' }).click()
  await page.fill('#b-phone', PHONE)
  await page.click('#b-submit')
  await page.waitForSelector('#b-result:not([hidden])')
  const code = (await page.textContent('#b-code'))!.trim()
  t.match(code, /^[A-HJ-NP-Z2-9]{10}$/)
  t.equal(await page.locator('#b-qr svg').count(), 1, 'a QR code of the booking code')
  t.match(await page.textContent('#b-facts'), /138\*\*\*\*5678/)
  t.equal(await page.inputValue('#b-phone'), '', 'the number is cleared from the form')
  await page.getByRole('button', { name: '10:00–10:30 · 余 1' }).waitFor()

  await page.fill('#b-lookup', code.toLowerCase())
  await page.getByRole('button', { name: /查询/ }).click()
  await page.waitForSelector('#b-found:not([hidden])')
  t.match(await page.textContent('#b-found'), /已预约/)
  await page.click('#b-cancel')
  await page.waitForSelector('#b-cancel[hidden]', { state: 'attached' })
  t.match(await page.textContent('#b-found'), /已取消/)
  const stored = await app.inject({ method: 'GET', url: `/api/v1/halls/demo/appointments/${code}` })
  t.equal(stored.json().status, 'cancelled')

  await page.click('#b-submit')
  t.match(await page.textContent('#b-error'), /请选择时段/, 'no slot chosen: a message, no request')
})
