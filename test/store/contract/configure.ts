// configureHall, getHall and listHalls: versions, live state surviving a reconfiguration,
// and removals that would strand tickets.
import type { Test } from 'tap'
import { buildHallRuntime, hallDocument, type HallSpec } from '../../helpers/hall-runtime.ts'
import { BASIC, T0, newHallId, setupHall, type HallFixture, type MakeStore } from './harness.ts'

const reconfigure = (fx: HallFixture, spec: HallSpec) =>
  fx.store.configureHall(fx.hall, hallDocument(fx.hall, spec), buildHallRuntime(fx.hall, spec), { now: fx.tick() })

const without = (spec: HallSpec, drop: { window?: string; service?: string }): HallSpec => ({
  ...spec,
  services: spec.services.filter((s) => s.id !== drop.service),
  windows: spec.windows
    .filter((w) => w.id !== drop.window)
    .map((w) => ({ ...w, services: w.services.filter((s) => s !== drop.service) })),
})

export function configureCases(t: Test, makeStore: MakeStore): void {
  t.test('first configuration: version 1, hall.configured is seq 1, getHall and listHalls', async (t) => {
    const { store, cleanup } = await makeStore()
    t.teardown(cleanup)
    const hall = newHallId()
    t.equal(await store.getHall(hall), null, 'unknown hall')
    const runtime = buildHallRuntime(hall, BASIC)
    const document = hallDocument(hall, BASIC)
    t.same(await store.configureHall(hall, document, runtime, { now: T0 }), { version: 1, created: true })
    t.same(await store.getHall(hall), { document, runtime, version: 1 })
    t.ok((await store.listHalls()).includes(hall), 'listed')
    t.match(await store.eventsSince(hall, 0, 10), [
      { seq: 1, type: 'hall.configured', hall, at: T0, data: { version: 1 } },
    ])
    t.match(await store.snapshot(hall, { now: T0 }), {
      hall,
      seq: 1,
      windows: [
        { id: 'W1', status: 'closed' },
        { id: 'W2', status: 'closed' },
      ],
    })
  })

  t.test('an unknown hall is refused by every hall operation', async (t) => {
    const { store, cleanup } = await makeStore()
    t.teardown(cleanup)
    const ctx = { now: T0 }
    await t.rejects(store.callNext('h-missing0', 'W1', ctx), { code: 'QMS_ERR_HALL_NOT_FOUND' })
    await t.rejects(store.setWindowStatus('h-missing0', 'W1', 'open', ctx), { code: 'QMS_ERR_HALL_NOT_FOUND' })
    await t.rejects(store.recall('h-missing0', 'W1', ctx), { code: 'QMS_ERR_HALL_NOT_FOUND' })
    await t.rejects(store.snapshot('h-missing0', ctx), { code: 'QMS_ERR_HALL_NOT_FOUND' })
  })

  t.test('reconfiguring bumps the version and keeps live state', async (t) => {
    const fx = await setupHall(t, makeStore, BASIC, ['W1'])
    const a = await fx.issueId('A')
    await fx.issueId('A')
    await fx.call('W1')
    const grown: HallSpec = { ...BASIC, windows: [...BASIC.windows, { id: 'W3', services: ['B'] }] }
    const events = await fx.appended(async () => t.same(await reconfigure(fx, grown), { version: 2, created: false }))
    t.match(events, [{ type: 'hall.configured', data: { version: 2 } }])
    t.equal(events.length, 1)
    const stored = await fx.store.getHall(fx.hall)
    t.equal(stored?.version, 2)
    t.same(stored?.document, hallDocument(fx.hall, grown))
    t.same(stored?.runtime.windowOrder, ['W1', 'W2', 'W3'])
    const snap = await fx.snapshot()
    t.match(snap.windows, [
      { id: 'W1', status: 'open', current: a },
      { id: 'W2', status: 'closed' },
      { id: 'W3', status: 'closed', current: null },
    ])
    t.match(snap.services, [{ id: 'A', waiting: 1 }])
    t.equal((await fx.issue('A')).ticket.number, 'A003', 'counters survive')
  })

  t.test('removing an open window, or one with an own queue, conflicts and changes nothing', async (t) => {
    const fx = await setupHall(t, makeStore, BASIC, ['W2'])
    const conflict = async (spec: HallSpec, msg: string) => {
      const before = await fx.store.getHall(fx.hall)
      await fx.rejectsUnchanged(t, () => reconfigure(fx, spec), 'QMS_ERR_CONFIG_CONFLICT', [], msg)
      t.same(await fx.store.getHall(fx.hall), before, `${msg}: configuration kept`)
    }
    await conflict(without(BASIC, { window: 'W2' }), 'open window')
    const a = await fx.issueId('A')
    await fx.store.transfer(fx.hall, a, { window: 'W1' }, { now: fx.tick() })
    await conflict(without(BASIC, { window: 'W1' }), 'closed window with an own queue')
    await fx.store.cancel(fx.hall, a, { now: fx.tick() })
    t.match(await reconfigure(fx, without(BASIC, { window: 'W1' })), { version: 2 })
    t.same(
      (await fx.snapshot()).windows.map((w) => w.id),
      ['W2'],
    )
  })

  t.test('removing a service with waiting tickets conflicts; without them it is fine', async (t) => {
    const fx = await setupHall(t, makeStore, BASIC)
    const b = await fx.issueId('B')
    const before = await fx.store.getHall(fx.hall)
    await fx.rejectsUnchanged(t, () => reconfigure(fx, without(BASIC, { service: 'B' })), 'QMS_ERR_CONFIG_CONFLICT', [
      b,
    ])
    t.same(await fx.store.getHall(fx.hall), before)
    await fx.store.cancel(fx.hall, b, { now: fx.tick() })
    t.match(await reconfigure(fx, without(BASIC, { service: 'B' })), { version: 2 })
    t.same(
      (await fx.snapshot()).services.map((s) => s.id),
      ['A'],
    )
    await t.rejects(fx.issue('B'), { code: 'QMS_ERR_SERVICE_NOT_FOUND' })
  })
}
