// The seq gate: events in order go out at once (no promise per event per socket), a gap is
// repaired from the store before anything after it, and duplicates are dropped.
import t from 'tap'
import type { QueueEvent } from '../../src/domain/types.ts'
import { SeqGate } from '../../src/realtime/seq-gate.ts'

const ev = (seq: number): QueueEvent => ({ seq, type: 'ticket.issued', hall: 'h', at: seq }) as unknown as QueueEvent

t.test('in order: delivered synchronously; a gap: repaired first, later events wait behind it', async (t) => {
  const delivered: number[] = []
  let release: (() => void) | null = null
  const gate = new SeqGate({
    fetchSince: async (since, limit) => {
      await new Promise<void>((resolve) => (release = resolve))
      return Array.from({ length: limit }, (_, i) => ev(since + 1 + i))
    },
    deliver: (e) => delivered.push(e.seq),
    lost: async () => null,
  })
  gate.start(10)
  gate.push(ev(11))
  gate.push(ev(12))
  t.same(delivered, [11, 12], 'the next events went out before push returned')
  gate.push(ev(12))
  t.same(delivered, [11, 12], 'a duplicate is dropped')
  gate.push(ev(15)) // 13 and 14 are missing
  gate.push(ev(16)) // in order after 15, but must wait behind the repair
  t.same(delivered, [11, 12], 'nothing overtakes the repair')
  await new Promise((resolve) => setImmediate(resolve))
  release!()
  await gate.idle()
  t.same(delivered, [11, 12, 13, 14, 15, 16], 'the repair, then the held events, in order')
  gate.push(ev(17))
  t.same(delivered.at(-1), 17, 'and the fast path again once the chain is empty')
})

t.test('buffered until started; start(null): the first event sets the baseline', async (t) => {
  const delivered: number[] = []
  const gate = new SeqGate({
    fetchSince: async () => [],
    deliver: (e) => delivered.push(e.seq),
    lost: async () => null,
  })
  gate.push(ev(7))
  t.same(delivered, [], 'before start: buffered')
  gate.start(6)
  t.same(delivered, [7], 'start forwards what was buffered')
  const shared = new SeqGate({
    fetchSince: async () => [],
    deliver: (e) => delivered.push(e.seq),
    lost: async () => null,
  })
  shared.start(null)
  shared.push(ev(40))
  shared.push(ev(41))
  t.same(delivered, [7, 40, 41], 'no baseline: the first event sets it, the next follows at once')
})
