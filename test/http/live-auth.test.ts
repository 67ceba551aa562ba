// Who may open a hall's live channel, the close codes of refusals, and what a ticket holder sees.
import t, { type Test } from 'tap'
import { CLOSE } from '../../src/realtime/close-codes.ts'
import { addToken, connectLive, issue, newHallId, newTicketId, setupHall, startLiveApp } from '../helpers/live-app.ts'

const ADMIN = 'admin-secret-for-tests'

t.test('access to the live channel', async (t) => {
  const { baseUrl, httpUrl, store, tokens } = await startLiveApp(t, { live: { adminToken: ADMIN } })
  const hall = newHallId()
  const other = newHallId()
  await setupHall(store, hall)
  await setupHall(store, other)

  const opens = async (t: Test, query: Record<string, string>, headers: Record<string, string> = {}, h = hall) => {
    const c = connectLive(baseUrl, h, query, headers)
    const [m] = await c.waitCount(1)
    t.equal(m!.type, 'snapshot')
    c.ws.close()
  }
  const refused = async (
    t: Test,
    code: number,
    query: Record<string, string>,
    headers: Record<string, string> = {},
    h = hall,
  ) => {
    const c = connectLive(baseUrl, h, query, headers)
    const closed = await c.closed
    t.equal(closed.code, code, closed.reason)
    t.equal(c.messages.length, 0, 'nothing sent before the close')
  }

  for (const role of ['display', 'clerk', 'manager', 'device'] as const) {
    t.test(`${role} token scoped to the hall, as ?token=`, async (t) =>
      opens(t, { token: await addToken(tokens, role, [hall]) }),
    )
  }
  t.test('token as Authorization: Bearer', async (t) =>
    opens(t, {}, { authorization: `Bearer ${await addToken(tokens, 'display', [hall])}` }),
  )
  t.test('admin env token', async (t) => opens(t, { token: ADMIN }))
  t.test('admin-role token with every hall', async (t) => opens(t, { token: await addToken(tokens, 'admin', '*') }))
  t.test('ticket id of the hall', async (t) => opens(t, { ticket: (await issue(store, hall)).ticket.id }))

  t.test('no credentials → 4401', async (t) => refused(t, CLOSE.UNAUTHORIZED, {}))
  t.test('unknown token → 4401', async (t) => refused(t, CLOSE.UNAUTHORIZED, { token: 'not-a-real-token-0123' }))
  t.test('malformed Authorization → 4401', async (t) =>
    refused(t, CLOSE.UNAUTHORIZED, {}, { authorization: 'Basic abc' }),
  )
  t.test('revoked token → 4401', async (t) => {
    const token = await addToken(tokens, 'display', [hall], { revokedAt: Date.now() - 1000 })
    await refused(t, CLOSE.UNAUTHORIZED, { token })
  })
  t.test('expired token → 4401', async (t) => {
    const token = await addToken(tokens, 'display', [hall], { expiresAt: Date.now() - 1000 })
    await refused(t, CLOSE.UNAUTHORIZED, { token })
  })
  t.test('token of another hall → 4403', async (t) =>
    refused(t, CLOSE.FORBIDDEN, { token: await addToken(tokens, 'display', [other]) }),
  )
  t.test('unknown hall → 4404', async (t) => refused(t, CLOSE.HALL_NOT_FOUND, { token: ADMIN }, {}, newHallId()))
  t.test('unknown ticket → 4401', async (t) => refused(t, CLOSE.UNAUTHORIZED, { ticket: newTicketId() }))
  t.test('ticket of another hall → 4401', async (t) =>
    refused(t, CLOSE.UNAUTHORIZED, { ticket: (await issue(store, other)).ticket.id }),
  )
  t.test('ticket for an unknown hall → 4404', async (t) =>
    refused(t, CLOSE.HALL_NOT_FOUND, { ticket: newTicketId() }, {}, newHallId()),
  )
  t.test('malformed since → 4400', async (t) => refused(t, CLOSE.BAD_REQUEST, { token: ADMIN, since: '-1' }))

  t.test('a plain HTTP GET is told to upgrade', async (t) => {
    const res = await fetch(`${httpUrl}/api/v1/halls/${hall}/live`)
    t.equal(res.status, 400)
    t.match(await res.json(), { statusCode: 400, code: 'QMS_ERR_VALIDATION' })
  })
})

t.test('a ticket holder sees only its own ticket id', async (t) => {
  const { baseUrl, store } = await startLiveApp(t)
  const hall = newHallId()
  await setupHall(store, hall)
  const first = await issue(store, hall)
  const mine = await issue(store, hall)
  await store.callNext(hall, 'W1', { now: Date.now() }) // calls `first`
  const c = connectLive(baseUrl, hall, { ticket: mine.ticket.id })
  const [snap] = await c.waitCount(1)
  if (snap!.type !== 'snapshot') return t.fail('expected a snapshot')
  const w1 = snap!.snapshot.windows.find((w) => w.id === 'W1')!
  t.equal(w1.current, null, "another ticket's id is not shown")
  t.same(w1.currentTicket, { number: 'A001', service: 'A', status: 'called', class: 'normal' })
  t.notMatch(JSON.stringify(snap), first.ticket.id)

  await issue(store, hall) // someone else
  await store.callNext(hall, 'W2', { now: Date.now() }) // calls mine
  await c.waitCount(3)
  const [other, called] = c.messages.slice(1)
  t.match(other, { type: 'event', event: { type: 'ticket.issued', number: 'A003' } })
  t.notOk(other!.type === 'event' && 'ticket' in other!.event, 'no id on other tickets')
  t.match(called, { type: 'event', event: { type: 'ticket.called', ticket: mine.ticket.id, window: 'W2' } })

  const snap2 = connectLive(baseUrl, hall, { ticket: mine.ticket.id })
  const [s2] = await snap2.waitCount(1)
  if (s2!.type !== 'snapshot') return t.fail('expected a snapshot')
  t.equal(s2!.snapshot.windows.find((w) => w.id === 'W2')!.current, mine.ticket.id, 'its own id stays')
  c.ws.close()
  snap2.ws.close()
})

t.test('staff tokens see ticket ids', async (t) => {
  const { baseUrl, store, tokens } = await startLiveApp(t)
  const hall = newHallId()
  await setupHall(store, hall)
  const c = connectLive(baseUrl, hall, { token: await addToken(tokens, 'clerk', [hall]) })
  await c.waitCount(1)
  const { ticket } = await issue(store, hall)
  const [, ev] = await c.waitCount(2)
  t.match(ev, { type: 'event', event: { ticket: ticket.id } })
  c.ws.close()
})
