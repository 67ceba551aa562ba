// HallService keeps a parsed hall document past its TTL while the stored config version is
// unchanged (one small meta read), and reloads it when another instance changed it.
import t from 'tap'
import { HallService } from '../../src/core/hall-service.ts'
import { MemoryQueueStore } from '../../src/store/memory/memory-store.ts'
import type { StoredHall } from '../../src/store/port.ts'

class CountingStore extends MemoryQueueStore {
  documentReads = 0
  override async getHall(hall: string): Promise<StoredHall | null> {
    this.documentReads++
    return super.getHall(hall)
  }
}

const doc = (name: string) => ({
  name,
  timezone: 'Asia/Shanghai',
  services: [{ id: 'A', name: '业务', prefix: 'A' }],
  windows: [{ id: 'W1', name: '1号窗口', services: ['A'] }],
})

t.test('unchanged halls are not re-read after the TTL; changed ones are', async (t) => {
  const store = new CountingStore()
  const clock = { now: 1_000_000 }
  const one = new HallService(store, () => clock.now, 2000)
  const other = new HallService(store, () => clock.now, 2000)
  await one.configure('h1', doc('一'))
  const reads = store.documentReads
  await one.load('h1')
  clock.now += 5000
  t.equal((await one.load('h1')).document.name, '一')
  t.equal(store.documentReads, reads, 'expired, same version: no document read')
  await other.configure('h1', doc('二'))
  t.equal((await one.load('h1')).document.name, '一', 'within the TTL the cached document is used')
  clock.now += 2001
  t.equal((await one.load('h1')).document.name, '二', 'after it, the new version is read')
  t.equal(store.documentReads, reads + 1)
})
