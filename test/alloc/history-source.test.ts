// The forecast's history from the Postgres archive (real Postgres, required under CI, and PGlite):
// issued tickets folded by the archive writer come back as arrivals per service and slot.
import t from 'tap'
import { ArchiveWriter } from '../../src/archive/archive-writer.ts'
import { pgArrivalHistory, countArrivals } from '../../src/alloc/history-source.ts'
import type { QueueEvent } from '../../src/domain/types.ts'
import { eachBackend } from '../db/fixtures/backends.ts'

const issued = (seq: number, at: string, service: string): QueueEvent => ({
  seq,
  type: 'ticket.issued',
  at: Date.parse(at),
  hall: 'alloc-h1',
  ticket: `t${seq}`,
  number: `A${String(seq).padStart(3, '0')}`,
  service,
  class: 'normal',
  status: 'waiting',
})

t.test('arrivals per service and 15-minute slot, by business date, from the archive', (t) =>
  eachBackend(t, async (t, { db }) => {
    await new ArchiveWriter(db, async () => 'Asia/Shanghai').write('alloc-h1', [
      issued(1, '2026-03-02T09:01:00+08:00', 'ss'),
      issued(2, '2026-03-02T09:14:59+08:00', 'ss'),
      issued(3, '2026-03-02T09:15:00+08:00', 'ss'),
      issued(4, '2026-03-02T10:40:00+08:00', 'tax'),
      issued(5, '2026-03-03T23:59:00+08:00', 'ss'), // 15:59 UTC: still the 3rd in Shanghai
    ])
    const history = await pgArrivalHistory(db).load('alloc-h1', 'Asia/Shanghai', '2026-03-01', '2026-03-03')
    t.same([...history.keys()].sort(), ['2026-03-02', '2026-03-03'])
    const day = history.get('2026-03-02')!
    t.equal(day['ss']![36], 2, '09:00–09:15')
    t.equal(day['ss']![37], 1, '09:15–09:30')
    t.equal(day['tax']![42], 1, '10:30–10:45')
    t.equal(history.get('2026-03-03')!['ss']![95], 1)
    t.equal((await pgArrivalHistory(db).load('alloc-h1', 'Asia/Shanghai', '2026-03-03', '2026-03-03')).size, 1)
    t.equal((await pgArrivalHistory(db).load('other-hall', 'Asia/Shanghai', '2026-03-01', '2026-03-03')).size, 0)
  }),
)

t.test('countArrivals uses the hall-local day', async (t) => {
  const c = countArrivals([{ service: 'a', issuedAt: Date.parse('2026-03-02T16:30:00Z') }], 'Asia/Shanghai')
  t.equal(c.get('2026-03-03')!['a']![2], 1, '00:30 local on the 3rd')
})
