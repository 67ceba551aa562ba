// The PredictionService fed by the real in-process queue engine: its mirror of the hall matches
// the store, it learns handling times from events, forecasts new tickets consistently, and sends
// live updates only for forecasts that moved by a minute or more.
import t from 'tap'
import type { HallRuntime, QueueEvent } from '../../src/domain/types.ts'
import { PredictionService } from '../../src/predict/prediction-service.ts'
import { MemoryQueueStore } from '../../src/store/memory/memory-store.ts'
import { buildHallRuntime, hallDocument } from '../helpers/hall-runtime.ts'
import { township } from '../../bench/sim/hall-days.ts'
import { simulateDay } from '../../bench/sim/run-day.ts'
import { SEC, T0 } from './model-fixture.ts'

const HALL = 'pred'
const DATE = '2026-03-09'

async function setup(rt: HallRuntime) {
  const store = new MemoryQueueStore()
  await store.configureHall(HALL, hallDocument(HALL, { services: [], windows: [] }), rt, { now: T0 - 3600 * SEC })
  const svc = new PredictionService({ runtime: rt, zone: { timezone: 'Asia/Shanghai' } })
  let seen = 0
  const sync = async (): Promise<QueueEvent[]> => {
    const events = await store.eventsSince(HALL, seen, 10_000)
    for (const e of events) svc.onEvent(e)
    seen = events.at(-1)?.seq ?? seen
    return events
  }
  let n = 0
  const issue = async (service: string, now: number, priorityClass = 'normal'): Promise<string> => {
    const ticketId = `t${++n}`
    await store.issue(HALL, { service, priorityClass, date: DATE, ticketId, now })
    await sync()
    return ticketId
  }
  return { store, svc, sync, issue }
}

t.test('the mirror follows the store through every kind of move', async (t) => {
  const rt = buildHallRuntime(HALL, {
    services: [{ id: 'A' }, { id: 'B' }, { id: 'C', mode: 'assigned' }],
    windows: [
      { id: 'W1', services: ['A', 'C'] },
      { id: 'W2', services: ['B', 'C'] },
    ],
  })
  const { store, svc, sync, issue } = await setup(rt)
  const at = (s: number): { now: number } => ({ now: T0 + s * SEC })
  await store.setWindowStatus(HALL, 'W1', 'open', at(0))
  await store.setWindowStatus(HALL, 'W2', 'open', at(0))
  const ids = [
    await issue('A', T0 + 1 * SEC),
    await issue('A', T0 + 2 * SEC, 'green'),
    await issue('B', T0 + 3 * SEC),
    await issue('C', T0 + 4 * SEC),
    await issue('C', T0 + 5 * SEC),
  ]
  await store.callNext(HALL, 'W1', at(10)) // the green A ticket
  await store.transfer(HALL, ids[0]!, { service: 'B' }, at(11))
  await store.transfer(HALL, ids[2]!, { window: 'W1' }, at(12))
  const called = (await store.callNext(HALL, 'W2', at(13))).ticket!
  await store.noShow(HALL, called.id, at(14))
  await store.requeue(HALL, called.id, at(15))
  await store.callNext(HALL, 'W1', at(16)) // completes the green ticket, calls W1's own queue
  await store.setWindowStatus(HALL, 'W2', 'closed', at(17)) // its own queue is reassigned
  await store.cancel(HALL, ids[4]!, at(18))
  await sync()

  for (const id of ids) {
    const truth = await store.getTicket(HALL, id)
    const mirrored = svc.mirror.waiting.get(id)
    if (truth?.status === 'waiting') {
      t.ok(mirrored, `${id} waits in the mirror too`)
      t.equal(mirrored?.queue, truth.queue, `${id}: same queue`)
      t.equal(mirrored?.orderAt, truth.orderAt, `${id}: same place by time`)
      t.equal(mirrored?.service, truth.service, `${id}: same service`)
    } else t.notOk(mirrored, `${id} (${truth?.status}) is not waiting in the mirror`)
  }
  const snap = await store.snapshot(HALL, at(20))
  for (const w of snap.windows) {
    const m = svc.mirror.windows.get(w.id)!
    t.equal(m.status, w.status, `${w.id}: same status`)
    t.equal(m.current?.ticket ?? null, w.current, `${w.id}: same current ticket`)
    t.equal(m.consecutivePriority, w.consecutivePriority, `${w.id}: same priority streak`)
  }
})

t.test('handling times are learned from the hall, and a new ticket is forecast consistently', async (t) => {
  const rt = buildHallRuntime(HALL, {
    services: [{ id: 'A', meanHandlingSec: 600 }],
    windows: [{ id: 'W1', services: ['A'] }],
  })
  const { store, svc, sync, issue } = await setup(rt)
  let now = T0
  await store.setWindowStatus(HALL, 'W1', 'open', { now })
  const behind = async (): Promise<number> => {
    const a = await issue('A', now)
    const b = await issue('A', now + 1)
    const promised = svc.predictHall(svc.mirror.snapshot(now + 2)).services.A!.etaSec
    const c = await issue('A', now + 2)
    const wait = svc.predictHall(svc.mirror.snapshot(now + 2)).tickets.get(c)!.etaSec
    t.equal(wait, promised, 'a ticket is forecast what the hall announced for a new ticket of its service')
    for (const id of [a, b, c]) {
      await store.callNext(HALL, 'W1', { now: (now += 10 * SEC) })
      await store.complete(HALL, id, { now: (now += 240 * SEC) })
    }
    await sync()
    return wait
  }
  const first = await behind()
  t.ok(first > 1000, `before any data: two 600 s services ahead (${first} s)`)
  for (let i = 0; i < 12; i++) await behind()
  const later = await behind()
  t.ok(later < 700 && later > 400, `after 39 services of 250 s: about two of them (${later} s)`)
})

t.test('live updates: every new ticket, then only forecasts that moved by a minute or more', async (t) => {
  const rt = buildHallRuntime(HALL, {
    services: [{ id: 'A', meanHandlingSec: 300 }],
    windows: [
      { id: 'W1', services: ['A'] },
      { id: 'W2', services: ['A'] },
    ],
  })
  const { store, svc, sync, issue } = await setup(rt)
  await store.setWindowStatus(HALL, 'W1', 'open', { now: T0 })
  await sync()
  const ids: string[] = []
  for (let i = 0; i < 6; i++) ids.push(await issue('A', T0 + i * SEC))
  const first = svc.refresh(svc.mirror.snapshot(T0 + 10 * SEC))
  t.same(first.updates.map((u) => u.ticket).sort(), [...ids].sort(), 'every ticket gets its first forecast')
  t.same(svc.refresh(svc.mirror.snapshot(T0 + 11 * SEC)).updates, [], 'nothing moved: nothing sent')
  // A second window opens: every ticket but the first (called at once anyway) moves by minutes.
  await store.setWindowStatus(HALL, 'W2', 'open', { now: T0 + 12 * SEC })
  await sync()
  const moved = svc.refresh(svc.mirror.snapshot(T0 + 12 * SEC))
  t.ok(moved.updates.length >= 4, `${moved.updates.length} tickets updated`)
  for (const u of moved.updates) {
    const before = first.prediction.tickets.get(u.ticket)!.etaSec
    t.ok(Math.abs(before - u.etaSec) >= 60, `${u.ticket}: moved ${before} → ${u.etaSec} s`)
    t.ok(u.p10 <= u.etaSec && u.etaSec <= u.p90, 'the interval contains the forecast')
  }
})

t.test('a ticket no open window serves is flagged stranded but still gets a best guess', async (t) => {
  const rt = buildHallRuntime(HALL, {
    services: [{ id: 'A', meanHandlingSec: 300 }],
    windows: [{ id: 'W1', services: ['A'] }],
  })
  const { svc, issue } = await setup(rt)
  const id = await issue('A', T0)
  const eta = svc.predictHall(svc.mirror.snapshot(T0)).tickets.get(id)!
  t.equal(eta.stranded, true)
  t.ok(eta.etaSec > 0 && eta.etaSec < 3600, `the window is expected back after a typical pause (${eta.etaSec} s)`)
})

t.test('warm start from history: statistics and error model learned before the day begins', async (t) => {
  const history = await simulateDay(township, '2026-03-06', 21)
  const today = await simulateDay(township, '2026-03-09', 22)
  const cold = new PredictionService({ runtime: today.runtime, zone: { timezone: 'Asia/Shanghai' } })
  const warm = new PredictionService({ runtime: today.runtime, zone: { timezone: 'Asia/Shanghai' } })
  warm.warmStart(history.events)
  const firstIssue = today.events.findIndex((e) => e.type === 'ticket.issued')
  for (const e of today.events.slice(0, firstIssue + 30)) {
    cold.onEvent(e)
    warm.onEvent(e)
  }
  const at = today.events[firstIssue + 29]!.at
  const c = cold.predictHall(cold.mirror.snapshot(at))
  const w = warm.predictHall(warm.mirror.snapshot(at))
  const width = (p: typeof c): number => [...p.tickets.values()].reduce((s, e) => s + (e.p90 - e.p10), 0)
  t.ok(c.tickets.size > 5, `${c.tickets.size} tickets waiting`)
  t.not(width(w), width(c), 'the interval comes from history, not from the prior')
  // The township's opening pattern is known: its windows' lunch rotation is planned.
  t.ok(warm.model(at).plannedChanges(at).length > 0, 'planned window changes learned')
  t.same(cold.model(at).plannedChanges(at), [], 'a cold start knows no plan')
})
