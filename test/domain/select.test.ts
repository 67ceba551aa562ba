// selectNext on hand-built candidates: every rule, its precedence, and every tie-break.
import t from 'tap'
import { selectNext, type Candidate, type SelectInput } from '../../src/domain/select.ts'
import type { QueueId, WindowPolicy } from '../../src/domain/types.ts'

const NOW = 1_000_000_000
const SEC = 1000
const NORMAL = 2 // bands: 0 green, 1 appointment, 2 normal

/** A head of `queue`, `ageSec` old at NOW. */
const c = (queue: QueueId, band: number, ageSec: number, ticketId = `${queue}-${band}-${ageSec}`): Candidate => ({
  queue,
  service: queue.startsWith('s:') ? queue.slice(2) : null,
  band,
  orderAt: NOW - ageSec * SEC,
  ticketId,
})

const input = (candidates: Candidate[], policy: Partial<WindowPolicy> = {}, consecutivePriority = 0): SelectInput => ({
  window: 'W1',
  services: ['A', 'B', 'C'],
  policy: { mode: 'fifo', weights: {}, maxConsecutivePriority: 2, agingSec: 600, ...policy },
  normalBand: NORMAL,
  consecutivePriority,
  now: NOW,
  candidates,
})

const pick = (candidates: Candidate[], policy: Partial<WindowPolicy> = {}, cp = 0) => {
  const s = selectNext(input(candidates, policy, cp))
  return s && { id: s.candidate.ticketId, rule: s.rule, cp: s.consecutivePriority }
}

t.test('no candidates: null', async (t) => {
  t.equal(selectNext(input([])), null)
})

t.test('window-queue: own queue first, lowest band then oldest, before aging and priority', async (t) => {
  const own = [c('w:W1', NORMAL, 10, 'own-old'), c('w:W1', 1, 5, 'own-appt')]
  const others = [c('s:A', 0, 5, 'green'), c('s:B', NORMAL, 9999, 'overdue'), c('w:W2', 0, 9999, 'other-window')]
  t.same(pick([...others, ...own]), { id: 'own-appt', rule: 'window-queue', cp: 1 })
  t.same(
    pick([...others, c('w:W1', NORMAL, 1, 'own')], {}, 5),
    { id: 'own', rule: 'window-queue', cp: 0 },
    'a normal own ticket resets',
  )
  t.same(
    pick([c('w:W1', NORMAL, 10, 'b-id'), c('w:W1', NORMAL, 10, 'a-id')]),
    { id: 'a-id', rule: 'window-queue', cp: 0 },
    'equal time: id order',
  )
})

t.test('aging: oldest overdue; the boundary is inclusive and in seconds', async (t) => {
  t.same(pick([c('s:A', 0, 10, 'green'), c('s:B', NORMAL, 600, 'b')], { mode: 'order' }), {
    id: 'b',
    rule: 'aging',
    cp: 0,
  })
  t.same(
    pick([c('s:A', NORMAL, 10, 'a'), c('s:B', NORMAL, 599.999, 'b')], { mode: 'order' }),
    { id: 'a', rule: 'order', cp: 0 },
    '1 ms short',
  )
  t.same(
    pick([c('s:A', NORMAL, 700, 'a'), c('s:B', NORMAL, 900, 'b')], { mode: 'order' }),
    { id: 'b', rule: 'aging', cp: 0 },
    'oldest overdue',
  )
  t.same(
    pick([c('s:A', 0, 700, 'g')], {}, 9),
    { id: 'g', rule: 'aging', cp: 10 },
    'an overdue priority ticket counts as priority',
  )
})

t.test('aging ties: lower band, then service order', async (t) => {
  t.same(pick([c('s:A', NORMAL, 700, 'a-normal'), c('s:B', 1, 700, 'b-appt')]), { id: 'b-appt', rule: 'aging', cp: 1 })
  t.same(pick([c('s:C', NORMAL, 700, 'c'), c('s:B', NORMAL, 700, 'b')]), { id: 'b', rule: 'aging', cp: 0 })
})

t.test('priority: lowest band, then oldest, then id', async (t) => {
  const cands = [
    c('s:A', NORMAL, 500, 'n'),
    c('s:A', 1, 400, 'appt'),
    c('s:B', 0, 10, 'green-b'),
    c('s:C', 0, 20, 'green-c'),
  ]
  t.same(pick(cands), { id: 'green-c', rule: 'priority', cp: 1 })
  t.same(
    pick([c('s:A', 0, 20, 'z'), c('s:B', 0, 20, 'y')]),
    { id: 'y', rule: 'priority', cp: 1 },
    'equal time: id order',
  )
})

t.test('the cap: at maxConsecutivePriority a waiting normal ticket goes first', async (t) => {
  const cands = [c('s:A', 0, 10, 'green'), c('s:B', NORMAL, 5, 'normal')]
  t.same(pick(cands, {}, 1), { id: 'green', rule: 'priority', cp: 2 })
  t.same(pick(cands, {}, 2), { id: 'normal', rule: 'priority-cap', cp: 0 })
  t.same(pick(cands, { mode: 'order' }, 3), { id: 'normal', rule: 'priority-cap', cp: 0 }, 'whatever the mode')
  t.same(pick([c('s:A', 0, 10, 'green')], {}, 2), { id: 'green', rule: 'priority', cp: 3 }, 'no normal waiting: no cap')
  t.same(
    pick(cands, { maxConsecutivePriority: 0 }, 0),
    { id: 'normal', rule: 'priority-cap', cp: 0 },
    'cap 0: normal first',
  )
})

t.test('fifo: oldest normal; equal times by service order', async (t) => {
  t.same(pick([c('s:A', NORMAL, 10, 'a'), c('s:C', NORMAL, 30, 'c'), c('s:B', NORMAL, 20, 'b')]), {
    id: 'c',
    rule: 'fifo',
    cp: 0,
  })
  t.same(pick([c('s:C', NORMAL, 30, 'c'), c('s:B', NORMAL, 30, 'b')]), { id: 'b', rule: 'fifo', cp: 0 })
})

t.test('order: the first service in the window list with a normal ticket', async (t) => {
  t.same(pick([c('s:C', NORMAL, 300, 'c'), c('s:B', NORMAL, 10, 'b')], { mode: 'order' }), {
    id: 'b',
    rule: 'order',
    cp: 0,
  })
})

t.test('weighted: largest wait × weight; default weight 1; ties oldest, then service order', async (t) => {
  const w = { mode: 'weighted' as const, weights: { B: 3, C: 0.5 } }
  t.same(
    pick([c('s:A', NORMAL, 100, 'a'), c('s:B', NORMAL, 40, 'b')], w),
    { id: 'b', rule: 'weighted', cp: 0 },
    '120 > 100',
  )
  t.same(
    pick([c('s:A', NORMAL, 100, 'a'), c('s:B', NORMAL, 30, 'b')], w),
    { id: 'a', rule: 'weighted', cp: 0 },
    '100 > 90',
  )
  t.same(
    pick([c('s:A', NORMAL, 60, 'a'), c('s:C', NORMAL, 100, 'c')], w),
    { id: 'a', rule: 'weighted', cp: 0 },
    '60 > 50',
  )
  t.same(
    pick([c('s:B', NORMAL, 40, 'b'), c('s:A', NORMAL, 120, 'a')], w),
    { id: 'a', rule: 'weighted', cp: 0 },
    '120 = 120: oldest',
  )
})

t.test('the policy rule is reported as priority-cap only when priority tickets were passed over', async (t) => {
  const normals = [c('s:A', NORMAL, 10, 'a'), c('s:B', NORMAL, 20, 'b')]
  for (const mode of ['fifo', 'order', 'weighted'] as const) {
    t.equal(pick(normals, { mode })!.rule, mode)
    t.equal(pick([...normals, c('s:C', 1, 5, 'appt')], { mode }, 2)!.rule, 'priority-cap')
  }
})

t.test('consecutivePriority counts priority picks of every rule and resets on normal ones', async (t) => {
  t.equal(pick([c('s:A', 1, 10)], {}, 4)!.cp, 5)
  t.equal(pick([c('s:A', NORMAL, 10)], {}, 4)!.cp, 0)
  t.equal(pick([c('w:W1', 0, 10)], {}, 4)!.cp, 5)
})
