// The forecasts' CPU budget: a token bucket in ms of CPU. Refreshes run while it holds some;
// an overdraw makes the next refresh wait until the share of wall time has paid it back, so
// forecasts never take more than their share of a core from the live path.
import t from 'tap'
import { HallService } from '../../src/core/hall-service.ts'
import { PredictionHub } from '../../src/predict/prediction-hub.ts'
import { RefreshBudget } from '../../src/predict/refresh-budget.ts'
import { HallFeeds } from '../../src/realtime/hall-feeds.ts'
import { MemoryQueueStore } from '../../src/store/memory/memory-store.ts'
import { SEC, T0 } from './model-fixture.ts'

t.test('the bucket: burst, overdraw, pay-back at the share', async (t) => {
  let now = 0
  const b = new RefreshBudget({ share: 0.1, now: () => now })
  t.equal(b.delayMs(), 0, 'a full bucket (100 ms of CPU) lets a refresh start')
  b.spend(60)
  t.equal(b.delayMs(), 0, '40 ms left')
  b.spend(60)
  t.equal(b.delayMs(), 201, 'overdrawn by 20 ms: 200 ms of wall time at a tenth of a core (+1)')
  now += 100
  t.equal(b.delayMs(), 101, 'half paid back after 100 ms')
  now += 200
  t.equal(b.delayMs(), 0, 'paid back')
  now += 60_000
  b.spend(100)
  t.equal(b.delayMs(), 1, 'a long quiet stretch refills the bucket only up to its size')
  b.spend(10_000) // thousands of halls forecast at a start
  t.equal(b.delayMs(), 1001, 'the debt is capped at one bucket: 1 s at a tenth of a core, not 100 s')
  t.throws(() => new RefreshBudget({ share: 0 }), RangeError)
  t.throws(() => new RefreshBudget({ share: 1.5 }), RangeError)
  t.throws(() => new RefreshBudget({ share: Number.NaN }), RangeError)
})

t.test('the hub waits for the budget instead of refreshing at once', async (t) => {
  const HALL = 'budget'
  const store = new MemoryQueueStore()
  let now = T0
  const halls = new HallService(store, () => now)
  await halls.configure(HALL, {
    name: '预算测试大厅',
    timezone: 'Asia/Shanghai',
    services: [{ id: 'A', name: '社保', prefix: 'A', meanHandlingMinutes: 5 }],
    windows: [{ id: 'W1', name: '1号窗口', services: ['A'] }],
  })
  await store.setWindowStatus(HALL, 'W1', 'open', { now })
  const issue = (id: string) => store.issue(HALL, { service: 'A', date: '2026-03-09', ticketId: id, now: (now += SEC) })
  await issue('first')
  // A millionth of a core: the first forecast (at follow) overdraws the tiny bucket for seconds.
  const hub = new PredictionHub({ feeds: new HallFeeds(store), store, halls, now: () => now, cpuShare: 1e-6 })
  t.teardown(() => hub.close())
  await hub.follow(HALL)
  t.ok(hub.latest(HALL)!.tickets.has('first'), 'the first forecast is made when the hall is followed')
  await issue('second')
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve))
  t.notOk(hub.latest(HALL)!.tickets.has('second'), 'the next refresh waits for the budget')
  t.ok(hub.latest(HALL)!.tickets.has('first'), 'the last forecast stays in use meanwhile')
})
