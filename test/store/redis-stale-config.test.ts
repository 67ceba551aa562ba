// Each store instance caches hall runtimes by config version. A configuration made through one
// instance must be honoured by another whose cache is older: the script answers STALE, the
// instance reloads and retries once (or, when its cache does not know an id, checks and reloads).
import t from 'tap'
import type { QueueStore } from '../../src/store/port.ts'
import { buildHallRuntime, hallDocument, type HallSpec } from '../helpers/hall-runtime.ts'
import { BASIC, DATE, newTicketId } from './contract/harness.ts'
import { T0, anotherStore, redisHall } from './redis-fixture.ts'

/** BASIC plus a service C that W1 serves first, with its own prefix. */
const WITH_C: HallSpec = {
  services: [{ id: 'A' }, { id: 'B' }, { id: 'C', prefix: 'C' }],
  windows: [
    { id: 'W1', services: ['C', 'A', 'B'], policy: { mode: 'order' } },
    { id: 'W2', services: ['A'] },
  ],
}

async function reconfigure(store: QueueStore, hall: string, spec: HallSpec, now: number): Promise<void> {
  await store.configureHall(hall, hallDocument(hall, spec), buildHallRuntime(hall, spec), { now })
}

t.test('a script run with an older cached version reloads the runtime and retries', async (t) => {
  const fx = await redisHall(t)
  if (!fx) return void t.plan(0, 'Redis not reachable')
  const { store: one, hall } = fx
  const two = anotherStore(t)
  await two.setWindowStatus(hall, 'W1', 'open', { now: T0 + 1 }) // two caches version 1
  await two.issue(hall, { service: 'A', date: DATE, ticketId: newTicketId(), now: T0 + 2 })

  await reconfigure(one, hall, WITH_C, T0 + 3) // version 2 through instance one
  await one.issue(hall, { service: 'C', date: DATE, ticketId: newTicketId(), now: T0 + 4 })

  // Instance two still holds version 1 (W1 = [A, B], fifo): only the reload makes it call C first.
  const called = await two.callNext(hall, 'W1', { now: T0 + 5 })
  t.equal(called.ticket?.number, 'C001', 'called by the new policy (order: C first)')
  t.equal(called.ticket?.rule, 'order')
  t.same((await two.getHall(hall))?.version, 2)
})

t.test('an id unknown to an older cache is looked up again before it is refused', async (t) => {
  const fx = await redisHall(t)
  if (!fx) return void t.plan(0, 'Redis not reachable')
  const { store: one, hall } = fx
  const two = anotherStore(t)
  await two.issue(hall, { service: 'A', date: DATE, ticketId: newTicketId(), now: T0 + 1 }) // caches v1
  await reconfigure(one, hall, WITH_C, T0 + 2)

  const r = await two.issue(hall, { service: 'C', date: DATE, ticketId: newTicketId(), now: T0 + 3 })
  t.equal(r.ticket.number, 'C001', 'service C is known after the reload')
  await t.rejects(
    two.issue(hall, { service: 'Z', date: DATE, ticketId: newTicketId(), now: T0 + 4 }),
    { code: 'QMS_ERR_SERVICE_NOT_FOUND' },
    'a really unknown service is still refused',
  )
  await t.rejects(two.callNext(hall, 'W9', { now: T0 + 5 }), { code: 'QMS_ERR_WINDOW_NOT_FOUND' })
})

t.test('configure through an instance with a stale cache still refuses to strand tickets', async (t) => {
  const fx = await redisHall(t, WITH_C)
  if (!fx) return void t.plan(0, 'Redis not reachable')
  const { store: one, hall } = fx
  const two = anotherStore(t)
  await two.getTicket(hall, 'none') // two caches version 1, where C has no tickets
  await one.issue(hall, { service: 'C', date: DATE, ticketId: newTicketId(), now: T0 + 1 })
  await t.rejects(reconfigure(two, hall, BASIC, T0 + 2), { code: 'QMS_ERR_CONFIG_CONFLICT', details: { service: 'C' } })

  await one.setWindowStatus(hall, 'W2', 'open', { now: T0 + 3 })
  const withoutW2: HallSpec = { ...WITH_C, windows: [WITH_C.windows[0]!] }
  await t.rejects(reconfigure(two, hall, withoutW2, T0 + 4), {
    code: 'QMS_ERR_CONFIG_CONFLICT',
    details: { window: 'W2' },
  })
  t.equal((await one.getHall(hall))?.version, 1, 'nothing was stored')
})

t.test('two instances reconfiguring in turn bump the version one by one', async (t) => {
  const fx = await redisHall(t)
  if (!fx) return void t.plan(0, 'Redis not reachable')
  const { store: one, hall } = fx
  const two = anotherStore(t)
  await two.getTicket(hall, 'none')
  await reconfigure(one, hall, WITH_C, T0 + 1)
  await reconfigure(two, hall, BASIC, T0 + 2)
  await reconfigure(one, hall, WITH_C, T0 + 3)
  t.equal((await two.getHall(hall))?.version, 4)
  const configured = (await one.eventsSince(hall, 0, 100)).filter((e) => e.type === 'hall.configured')
  t.same(
    configured.map((e) => e.data?.version),
    [1, 2, 3, 4],
  )
})
