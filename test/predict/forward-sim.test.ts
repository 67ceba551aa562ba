// The forward simulation on hand-worked halls: every expected figure below is worked out by
// hand from the calling policy (docs/queue-semantics.md) and a fixed handling time.
import t from 'tap'
import { simulate, type SimResult } from '../../src/domain/predict/forward-sim.ts'
import { meanPathDraw } from '../../src/domain/predict/mean-path.ts'
import type { PredictModel, PredictSnapshot } from '../../src/domain/predict/types.ts'
import type { HallRuntime } from '../../src/domain/types.ts'
import { buildHallRuntime } from '../helpers/hall-runtime.ts'
import { closed, fixedModel, open, SEC, snapshot, T0, waiting } from './model-fixture.ts'

const run = (rt: HallRuntime, snap: PredictSnapshot, model: PredictModel = fixedModel()): SimResult =>
  simulate(rt, snap, model, meanPathDraw(model, snap.now), [])

/** Forecast waits in seconds, rounded (the lognormal is not exactly a constant). */
const waits = (r: SimResult, ids: string[]): number[] => ids.map((id) => Math.round((r.callAt.get(id)! - T0) / SEC))

const oneWindow = buildHallRuntime('h', { services: [{ id: 'A' }], windows: [{ id: 'W1', services: ['A'] }] })

t.test('one window, FIFO, 10-minute services: each ticket waits for those before it', async (t) => {
  const r = run(
    oneWindow,
    snapshot([open('W1')], [waiting('a1', 'A', 30), waiting('a2', 'A', 20), waiting('a3', 'A', 10)]),
  )
  t.same(waits(r, ['a1', 'a2', 'a3']), [0, 600, 1200], 'an idle window calls at once, then one every 600 s')
})

t.test('one window busy for 200 s of a 600 s service: the rest of it comes first', async (t) => {
  const r = run(
    oneWindow,
    snapshot([open('W1', { service: 'A', elapsedSec: 200 })], [waiting('a1', 'A', 30), waiting('a2', 'A', 20)]),
  )
  t.same(waits(r, ['a1', 'a2']), [400, 1000])
})

t.test('a service far past its usual length is assumed to end within one mean handling time', async (t) => {
  const model = fixedModel(600, { handling: () => ({ meanSec: 600, sigma: 0.6 }) })
  const r = run(oneWindow, snapshot([open('W1', { service: 'A', elapsedSec: 7200 })], [waiting('a1', 'A', 30)]), model)
  t.ok(waits(r, ['a1'])[0]! <= 600, 'a 2-hour service left open does not push the queue back by hours')
})

t.test('two windows sharing a service: tickets go to whichever frees first', async (t) => {
  const rt = buildHallRuntime('h', {
    services: [{ id: 'A' }],
    windows: [
      { id: 'W1', services: ['A'] },
      { id: 'W2', services: ['A'] },
    ],
  })
  const snap = snapshot(
    [open('W1', { service: 'A', elapsedSec: 500 }), open('W2', { service: 'A', elapsedSec: 300 })],
    [waiting('a1', 'A', 40), waiting('a2', 'A', 30), waiting('a3', 'A', 20), waiting('a4', 'A', 10)],
  )
  // W1 frees at 100 s, W2 at 300 s; then W1 at 700 s, W2 at 900 s.
  t.same(waits(run(rt, snap), ['a1', 'a2', 'a3', 'a4']), [100, 300, 700, 900])
})

t.test('a priority ticket arriving goes before the normal ones, up to the cap', async (t) => {
  const rt = buildHallRuntime('h', {
    services: [{ id: 'A' }],
    windows: [{ id: 'W1', services: ['A'], policy: { maxConsecutivePriority: 1 } }],
  })
  const normals = [waiting('n1', 'A', 300), waiting('n2', 'A', 200)]
  const before = run(rt, snapshot([open('W1', { service: 'A', elapsedSec: 500 })], normals))
  t.same(waits(before, ['n1', 'n2']), [100, 700])
  const after = run(
    rt,
    snapshot(
      [open('W1', { service: 'A', elapsedSec: 500 })],
      [...normals, waiting('g1', 'A', 0, 'green'), waiting('g2', 'A', 0, 'green')],
    ),
  )
  // g1 first (100 s); the cap of one priority call in a row lets n1 through (700 s); then g2, n2.
  t.same(waits(after, ['g1', 'n1', 'g2', 'n2']), [100, 700, 1300, 1900])
})

t.test('expected priority arrivals overtake a normal ticket', async (t) => {
  const rt = buildHallRuntime('h', { services: [{ id: 'A' }], windows: [{ id: 'W1', services: ['A'] }] })
  const snap = snapshot([open('W1', { service: 'A', elapsedSec: 0 })], [waiting('n1', 'A', 60), waiting('n2', 'A', 30)])
  t.same(waits(run(rt, snap), ['n1', 'n2']), [600, 1200], 'no arrivals expected')
  // One green ticket every 1000 s: the expected ones come at 500 s and 1500 s (where the
  // cumulative intensity reaches 1/2, 3/2). The first goes before n1 (600 → 1200 s), the second
  // before n2 (1800 → 2400 s).
  const arrivals = fixedModel(600, { arrivalRate: (_s, cls) => (cls === 'green' ? () => 1 / 1000 : null) })
  t.same(waits(run(rt, snap, arrivals), ['n1', 'n2']), [1200, 2400])
})

t.test('a window closing for lunch while issuing continues stops calling; a drain closing serves first', async (t) => {
  const rt = buildHallRuntime('h', { services: [{ id: 'A' }], windows: [{ id: 'W1', services: ['A'] }] })
  const snap = snapshot([open('W1')], [waiting('a1', 'A', 30), waiting('a2', 'A', 20), waiting('a3', 'A', 10)])
  const lunch = (drain: boolean): PredictModel =>
    fixedModel(600, {
      plannedChanges: () => [
        { window: 'W1', at: T0 + 900 * SEC, status: 'closed', drain },
        { window: 'W1', at: T0 + 3600 * SEC, status: 'open' },
      ],
    })
  // Calls at 0 and 600 s; the window is closed from 900 s to 3600 s.
  t.same(waits(run(rt, snap, lunch(false)), ['a1', 'a2', 'a3']), [0, 600, 3600])
  t.same(
    waits(run(rt, snap, lunch(true)), ['a1', 'a2', 'a3']),
    [0, 600, 1200],
    'drain: what waits is served before closing',
  )
})

t.test('a closed window planned to open is counted from its opening', async (t) => {
  const rt = buildHallRuntime('h', {
    services: [{ id: 'A' }],
    windows: [
      { id: 'W1', services: ['A'] },
      { id: 'W2', services: ['A'] },
    ],
  })
  const model = fixedModel(600, { plannedChanges: () => [{ window: 'W2', at: T0 + 300 * SEC, status: 'open' }] })
  const r = run(
    rt,
    snapshot(
      [open('W1', { service: 'A', elapsedSec: 0 }), closed('W2')],
      [waiting('a1', 'A', 20), waiting('a2', 'A', 10)],
    ),
    model,
  )
  t.same(waits(r, ['a1', 'a2']), [300, 600])
})

t.test('order policy: a window serves its first service first, even newer tickets', async (t) => {
  const rt = buildHallRuntime('h', {
    services: [{ id: 'A' }, { id: 'B' }],
    windows: [{ id: 'W1', services: ['A', 'B'], policy: { mode: 'order' } }],
  })
  const r = run(
    rt,
    snapshot([open('W1', { service: 'A', elapsedSec: 300 })], [waiting('b1', 'B', 600), waiting('a1', 'A', 10)]),
  )
  t.same(waits(r, ['a1', 'b1']), [300, 900])
})

t.test('aging: a ticket waiting past agingSec is called before the policy choice', async (t) => {
  const rt = buildHallRuntime('h', {
    services: [{ id: 'A' }, { id: 'B' }],
    windows: [{ id: 'W1', services: ['A', 'B'], policy: { mode: 'order', agingSec: 900 } }],
  })
  // b1 has waited 600 s: at 300 s it has waited 900 s and goes before the newer A tickets.
  const r = run(
    rt,
    snapshot(
      [open('W1', { service: 'A', elapsedSec: 300 })],
      [waiting('b1', 'B', 600), waiting('a1', 'A', 10), waiting('a2', 'A', 5)],
    ),
  )
  t.same(waits(r, ['b1', 'a1', 'a2']), [300, 900, 1500])
})

t.test('a ticket in a window’s own queue is called by that window only', async (t) => {
  const rt = buildHallRuntime('h', {
    services: [{ id: 'A', mode: 'assigned' }],
    windows: [
      { id: 'W1', services: ['A'] },
      { id: 'W2', services: ['A'] },
    ],
  })
  const r = run(
    rt,
    snapshot([open('W1', { service: 'A', elapsedSec: 0 }), open('W2')], [waiting('x', 'A', 10, 'normal', 'w:W1')]),
  )
  t.same(waits(r, ['x']), [600], 'W2 is idle but does not take it')
})

t.test('no-shows and citizens giving up shorten the expected occupancy', async (t) => {
  const snap = snapshot([open('W1', { service: 'A', elapsedSec: 0 })], [waiting('a1', 'A', 20), waiting('a2', 'A', 10)])
  const noShows = fixedModel(600, { noShow: () => ({ rate: 0.5, meanSec: 100 }) })
  // a1 is called at 600 s; half the time it answers (600 s), half the time not (100 s): 350 s.
  t.same(waits(run(oneWindow, snap, noShows), ['a1', 'a2']), [600, 950])
  const gap = fixedModel(600, { gapSec: () => 20 })
  t.same(waits(run(oneWindow, snap, gap), ['a1', 'a2']), [620, 1240], 'the clerk’s gap between tickets counts')
})

t.test('a ticket no window serves is left unresolved (stranded)', async (t) => {
  const rt = buildHallRuntime('h', { services: [{ id: 'A' }, { id: 'B' }], windows: [{ id: 'W1', services: ['A'] }] })
  const r = run(rt, snapshot([open('W1')], [waiting('b1', 'B', 10), waiting('a1', 'A', 5)]))
  t.equal(r.callAt.has('b1'), false)
  t.same(waits(r, ['a1']), [0])
})

t.test('probes: the wait a new ticket of each class would face, without delaying anyone', async (t) => {
  const snap = snapshot(
    [open('W1', { service: 'A', elapsedSec: 100 })],
    [waiting('a1', 'A', 20), waiting('a2', 'A', 10)],
  )
  const model = fixedModel()
  const r = simulate(oneWindow, snap, model, meanPathDraw(model, T0), [
    { service: 'A', cls: 'normal' },
    { service: 'A', cls: 'green' },
  ])
  t.same(
    r.probeAt.map((at) => Math.round((at - T0) / SEC)),
    [1700, 500],
  )
  t.same(waits(r, ['a1', 'a2']), [500, 1100], 'the real tickets keep their forecasts')
})
