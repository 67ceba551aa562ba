// The capacity cutoff with reused figures (src/core/capacity-snapshots.ts): far from the cutoff a
// hall snapshot is read at most once a second; near it every issue reads fresh figures, so the
// cutoff refuses at exactly the ticket it refused at before, also when another instance issues.
import t from 'tap'
import { HallService } from '../../src/core/hall-service.ts'
import { QueueService } from '../../src/core/queue-service.ts'
import { isQmsError } from '../../src/domain/errors.ts'
import { MemoryQueueStore } from '../../src/store/memory/memory-store.ts'
import type { ServiceLoad } from '../../src/store/port.ts'

/** The in-process store, counting the capacity figures read through it. */
class CountingStore extends MemoryQueueStore {
  snapshots = 0
  override async serviceLoad(hall: string): Promise<ServiceLoad[]> {
    this.snapshots++
    return super.serviceLoad(hall)
  }
}

const MONDAY_0850_SHANGHAI = Date.UTC(2025, 2, 3, 0, 50) // 2025-03-03 08:50 +08:00
const document = {
  name: '测试大厅',
  timezone: 'Asia/Shanghai',
  // 09:00–10:00 and 30 min overtime: 90 min of work per window once open.
  hours: { weekly: { mon: [{ open: '08:00', close: '10:00' }] }, overtimeMinutes: 30 },
  services: [{ id: 'A', name: '业务', prefix: 'A', meanHandlingMinutes: 10 }],
  windows: [{ id: 'W1', name: '1号窗口', services: ['A'] }],
}

async function setup(clock: { now: number }) {
  const store = new CountingStore()
  const now = () => clock.now
  const halls = new HallService(store, now, 60_000)
  await halls.configure('h1', document)
  await store.setWindowStatus('h1', 'W1', 'open', { now: clock.now })
  return { store, halls, queue: new QueueService(store, halls, now) }
}

/** Issues until refused; the number of tickets issued. */
async function issueUntilFull(queue: QueueService): Promise<number> {
  for (let n = 0; n < 100; n++) {
    try {
      await queue.issue('h1', { service: 'A' })
    } catch (e) {
      if (isQmsError(e) && e.code === 'QMS_ERR_DAILY_LIMIT') return n
      throw e
    }
  }
  return 100
}

t.test('refuses at the same ticket as a fresh read on every issue would', async (t) => {
  const clock = { now: MONDAY_0850_SHANGHAI }
  const { queue } = await setup(clock)
  // 70 min left + 30 overtime = 100 min of one window: 10 tickets of 10 minutes.
  t.equal(await issueUntilFull(queue), 10)
})

t.test('far from the cutoff, one snapshot per second; near it, one per issue', async (t) => {
  const clock = { now: MONDAY_0850_SHANGHAI }
  const { store, queue } = await setup(clock)
  for (let i = 0; i < 4; i++) await queue.issue('h1', { service: 'A' }) // work 40 of 100 min: far
  t.equal(store.snapshots, 1, 'first issues share one read')
  clock.now += 1000
  await queue.issue('h1', { service: 'A' }) // 50 of 100 min: past half after it
  t.equal(store.snapshots, 2, 'read again after a second')
  const before = store.snapshots
  await queue.issue('h1', { service: 'A' })
  await queue.issue('h1', { service: 'A' })
  t.equal(store.snapshots, before + 2, 'near the cutoff every issue reads fresh figures')
})

t.test('tickets issued by another instance count once the reused figures are a second old', async (t) => {
  const clock = { now: MONDAY_0850_SHANGHAI }
  const one = await setup(clock)
  const other = new QueueService(one.store, one.halls, () => clock.now)
  await one.queue.issue('h1', { service: 'A' }) // instance one keeps: 1 waiting (far from the cutoff)
  for (let i = 0; i < 9; i++) await other.issue('h1', { service: 'A' }) // the hall is now full
  await t.rejects(other.issue('h1', { service: 'A' }), { code: 'QMS_ERR_DAILY_LIMIT' })
  // The documented bound: within the same second, instance one does not see the other's tickets…
  clock.now += 1000
  // …a second later it reads fresh figures and refuses too.
  await t.rejects(one.queue.issue('h1', { service: 'A' }), { code: 'QMS_ERR_DAILY_LIMIT' })
})
