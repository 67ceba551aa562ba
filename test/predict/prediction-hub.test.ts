// The PredictionHub on the real pieces it is meant to be wired to: the in-process store, the
// live feeds of src/realtime and the HallService. It catches up with what happened before it
// started, follows every event after, refreshes, and hands out live updates.
import t from 'tap'
import { HallService } from '../../src/core/hall-service.ts'
import type { HallPrediction } from '../../src/domain/predict/types.ts'
import type { LiveUpdate } from '../../src/predict/prediction-service.ts'
import { PredictionHub } from '../../src/predict/prediction-hub.ts'
import { HallFeeds } from '../../src/realtime/hall-feeds.ts'
import { MemoryQueueStore } from '../../src/store/memory/memory-store.ts'
import { SEC, T0 } from './model-fixture.ts'

const HALL = 'hub'
const DATE = '2026-03-09'
const doc = (windows: string[]) => ({
  name: '预测测试大厅',
  timezone: 'Asia/Shanghai',
  services: [{ id: 'A', name: '社保', prefix: 'A', meanHandlingMinutes: 5 }],
  windows: windows.map((id) => ({ id, name: `${id}号窗口`, services: ['A'] })),
})
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(() => setImmediate(resolve)))

t.test('follows a hall: catch-up, live events, reconfiguration, updates', async (t) => {
  const store = new MemoryQueueStore()
  let now = T0
  const halls = new HallService(store, () => now)
  await halls.configure(HALL, doc(['W1']))
  await store.setWindowStatus(HALL, 'W1', 'open', { now })
  const issue = async (id: string): Promise<void> => {
    await store.issue(HALL, { service: 'A', date: DATE, ticketId: id, now: (now += SEC) })
  }
  await issue('before-1')
  await issue('before-2')

  const updates: LiveUpdate[][] = []
  let last: HallPrediction | null = null
  const hub = new PredictionHub({
    feeds: new HallFeeds(store),
    store,
    halls,
    now: () => now,
    onUpdates: (_hall, u, p) => {
      updates.push(u)
      last = p
    },
  })
  t.teardown(() => hub.close())
  await hub.follow(HALL)
  await hub.follow(HALL) // idempotent
  t.same([...hub.latest(HALL)!.tickets.keys()].sort(), ['before-1', 'before-2'], 'caught up with the store')
  t.equal(hub.latest('elsewhere'), null)

  await issue('after-1')
  await settle()
  t.ok(hub.latest(HALL)!.tickets.has('after-1'), 'a live event is in the next forecast')
  t.ok(
    updates.at(-1)!.some((u) => u.ticket === 'after-1'),
    'and its first forecast went out as an update',
  )
  const before = hub.latest(HALL)!.tickets.get('after-1')!.etaSec
  t.ok(before >= 2 * 240, `two 5-minute tickets ahead of it at one window (${before} s)`)

  // A second window is configured and opened: every forecast behind moves, updates follow.
  await halls.configure(HALL, doc(['W1', 'W2']))
  await store.setWindowStatus(HALL, 'W2', 'open', { now: (now += SEC) })
  await settle()
  await settle()
  const after = hub.latest(HALL)!.tickets.get('after-1')!.etaSec
  t.ok(after < before - 60, `with two windows the wait drops (${before} → ${after} s)`)
  t.ok(updates.at(-1)!.some((u) => u.ticket === 'after-1'))
  t.equal(last, hub.latest(HALL))

  const called = (await store.callNext(HALL, 'W1', { now: (now += SEC) })).ticket!
  await settle()
  t.notOk(hub.latest(HALL)!.tickets.has(called.id), 'a called ticket leaves the forecasts')
})
