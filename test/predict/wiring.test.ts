// The predictor wired into the app (src/predict/install.ts): a ticket issued after some history
// gets the hub's estimate (stored as etaAtIssueSec), reads return the current forecast, and a
// ticket holder's live socket receives its own forecast and never another ticket's id.
import t from 'tap'
import { buildApp } from '../../src/app.ts'
import { MemoryTokenStore } from '../../src/auth/memory-token-store.ts'
import { MemoryQueueStore } from '../../src/store/memory/memory-store.ts'
import { compileHall } from '../../src/config/compile-hall.ts'
import { validateHallDocument } from '../../src/config/validate-hall.ts'
import { connectLive, newHallId, newTicketId, DATE } from '../helpers/live-app.ts'

const ADMIN = 'admin-secret-for-wiring'
// No opening hours: the hall issues at any time of the test.
const DOCUMENT = {
  name: '测试大厅',
  timezone: 'Asia/Shanghai',
  services: [{ id: 'A', name: '社保', prefix: 'A', meanHandlingMinutes: 5 }],
  windows: [
    { id: 'W1', name: '1号窗口', services: ['A'] },
    { id: 'W2', name: '2号窗口', services: ['A'] },
  ],
}
const auth = { authorization: `Bearer ${ADMIN}` }

async function until<T>(what: string, check: () => T | null | undefined, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = check()
    if (v !== null && v !== undefined) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** Two hours ago: 30 tickets of A, each handled in about two minutes at W1 or W2. */
async function history(store: MemoryQueueStore, hall: string): Promise<void> {
  let now = Date.now() - 2 * 3600_000
  const valid = validateHallDocument(DOCUMENT)
  if (!valid.ok) throw new Error(JSON.stringify(valid.errors))
  await store.configureHall(hall, valid.document, compileHall(hall, valid.document), { now })
  for (const w of ['W1', 'W2']) await store.setWindowStatus(hall, w, 'open', { now })
  for (let i = 0; i < 30; i++) {
    const id = newTicketId()
    await store.issue(hall, { service: 'A', date: DATE, ticketId: id, now: (now += 60_000) })
    await store.callNext(hall, i % 2 ? 'W1' : 'W2', { now: (now += 5_000) })
    await store.start(hall, id, { now: (now += 10_000) })
    await store.complete(hall, id, { now: (now += 110_000 + (i % 3) * 10_000) })
  }
}

t.test('forecasts at issue, on reads and on the live channel', async (t) => {
  const store = new MemoryQueueStore()
  const app = await buildApp({
    store,
    tokens: new MemoryTokenStore(),
    adminToken: ADMIN,
    predictions: { minRefreshMs: 0, ticketIntervalMs: 0 },
  })
  t.teardown(() => app.close())
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const hall = newHallId()
  await history(store, hall)
  for (let i = 0; i < 4; i++)
    await store.issue(hall, { service: 'A', date: DATE, ticketId: newTicketId(), now: Date.now() - 1000 + i })

  const state = await app.inject({ method: 'GET', url: `/api/v1/halls/${hall}/state`, headers: auth })
  t.equal(state.statusCode, 200)
  const forecasts = app.forecasts!
  const probe = await until('the first forecast', () => forecasts.atIssue(hall, 'A', 'normal'))
  const simple = (await store.snapshot(hall, { now: Date.now() })).services[0]!.etaSec
  t.comment(
    `new ticket of A: predictor ${Math.round(probe.etaSec)} s (${Math.round(probe.p10)}–${Math.round(probe.p90)}), simple ${simple} s`,
  )
  t.not(Math.round(probe.etaSec), simple, 'the learned estimate differs from the simple one (300 s per ticket)')
  const stateNow = await app.inject({ method: 'GET', url: `/api/v1/halls/${hall}/state`, headers: auth })
  t.equal(stateNow.json().services[0].etaMinutes, Math.ceil(forecasts.services(hall)!.A! / 60), 'state: the probe')

  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/halls/${hall}/tickets`,
    headers: auth,
    payload: { service: 'A' },
  })
  t.equal(res.statusCode, 201)
  const issued = res.json()
  t.match(issued, {
    ahead: 4,
    etaMinutes: Math.ceil(Math.round(probe.etaSec) / 60),
    etaP10Minutes: Math.ceil(probe.p10 / 60),
    etaP90Minutes: Math.ceil(probe.p90 / 60),
  })
  t.equal((await store.getTicket(hall, issued.id))!.etaAtIssueSec, Math.round(probe.etaSec), 'stored with the ticket')

  // Reads: the hub's current forecast for the ticket, once its refresh has it.
  const current = await until('the ticket in the forecast', () => forecasts.ticket(hall, issued.id, Date.now()))
  const read = (await app.inject({ method: 'GET', url: `/api/v1/halls/${hall}/tickets/${issued.id}` })).json()
  t.ok(Math.abs(read.etaMinutes - Math.ceil(current.etaSec / 60)) <= 1, 'read: the current forecast')
  t.type(read.etaP90Minutes, 'number')

  // Live: a ticket holder gets its own forecast when it moves; staff see every ticket's.
  const base = `ws://127.0.0.1:${port}`
  const holder = connectLive(base, hall, { ticket: issued.id })
  const staff = connectLive(base, hall, { token: ADMIN })
  await holder.waitFor((m) => m.type === 'snapshot')
  await staff.waitFor((m) => m.type === 'snapshot')
  const other = newTicketId()
  await store.issue(hall, { service: 'A', date: DATE, ticketId: other, now: Date.now() })
  await store.setWindowStatus(hall, 'W2', 'closed', { now: Date.now() }) // half the throughput: waits move
  const mine = await holder.waitFor((m) => m.type === 'forecast' && m.tickets?.[issued.id] !== undefined)
  if (mine.type !== 'forecast') return
  t.same(Object.keys(mine.tickets!), [issued.id], 'only its own ticket')
  t.ok(mine.tickets![issued.id]!.etaSec > current.etaSec, 'a window closed: the wait grew')
  const all = await staff.waitFor((m) => m.type === 'forecast' && m.tickets?.[other] !== undefined)
  t.ok(all.type === 'forecast' && Object.keys(all.tickets!).length >= 1, 'staff get other tickets')
  await new Promise((r) => setTimeout(r, 100))
  const text = JSON.stringify(holder.messages)
  t.notOk(text.includes(other), 'the holder never sees another ticket id')
  holder.ws.close()
  staff.ws.close()
})
