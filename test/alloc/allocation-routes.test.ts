// The allocation routes in the real app, on the in-process store and on Redis (when reachable;
// required under CI): advise mode changes nothing until a manager approves, auto mode applies,
// alarms and the staffing plan.
import t from 'tap'
import type { AllocationEngine } from '../../src/alloc/engine.ts'
import { memoryArrivalHistory } from '../../src/alloc/history-source.ts'
import type { DayCounts } from '../../src/domain/alloc/forecast.ts'
import { allocationRoutes } from '../../src/http/routes/allocation.ts'
import { forEachBackend } from '../http/fixtures/backends.ts'
import { hallDoc, harness, MONDAY_10AM, type Harness } from '../http/fixtures/app.ts'

const doc = hallDoc({
  services: [
    { id: 'A', name: '社保', prefix: 'A', meanHandlingMinutes: 10 },
    { id: 'B', name: '户籍', prefix: 'B', meanHandlingMinutes: 10 },
  ],
  windows: [
    { id: 'W1', name: '1号窗口', services: ['A'] },
    { id: 'W2', name: '2号窗口', services: ['B'] },
    { id: 'W3', name: '3号窗口', services: ['B'] },
    { id: 'W4', name: '4号窗口', services: ['B'] },
  ],
})

// A Monday history: service A busy at 10:00–11:00 (40 per slot), B quiet.
const history = new Map<string, Map<string, DayCounts>>()

async function setup(
  t: Parameters<Parameters<typeof forEachBackend>[1]>[0],
  backend: Parameters<Parameters<typeof forEachBackend>[1]>[1],
) {
  let engine: AllocationEngine | null = null
  const clock = { now: MONDAY_10AM }
  const h: Harness = await harness(t, backend, {
    now: () => clock.now,
    apiPlugins: [
      async (api) => {
        await api.register(allocationRoutes, {
          intervalMs: 0,
          now: () => clock.now,
          history: memoryArrivalHistory(history),
          onEngine: (e) => (engine = e),
        })
      },
    ],
  })
  h.clock = clock
  await h.setupHall(doc, ['W1', 'W2', 'W3', 'W4'])
  const slots = (n: number) => new Array<number>(96).fill(0).map((_, i) => (i >= 40 && i < 44 ? n : 0))
  const days = new Map<string, DayCounts>()
  for (const d of ['2025-02-03', '2025-02-10', '2025-02-17', '2025-02-24']) days.set(d, { A: slots(40), B: slots(1) })
  history.set(h.hall, days)
  return { h, engine: () => engine! }
}

t.test('advise mode: proposals wait for a manager; approve applies, reject does not', (t) =>
  forEachBackend(t, async (t, backend) => {
    const { h } = await setup(t, backend)
    const manager = await h.token('manager', [h.hall])
    const clerk = await h.token('clerk', [h.hall])
    const base = `/api/v1/halls/${h.hall}`
    const set = await h.req('PATCH', `${base}/allocation/settings`, {
      token: manager,
      body: { mode: 'advise', flexible: { W3: ['A', 'B'] } },
    })
    t.equal(set.statusCode, 200, set.body)
    t.equal(
      (await h.req('PATCH', `${base}/allocation/settings`, { token: clerk, body: { mode: 'auto' } })).statusCode,
      403,
    )
    const bad = await h.req('PATCH', `${base}/allocation/settings`, {
      token: manager,
      body: { flexible: { W9: ['A'] } },
    })
    t.equal(bad.statusCode, 400)
    t.match(bad.json().message, /flexible\.W9: unknown window/)

    // A queue builds up for A: the forecast says 160/h at 10:00, and 12 tickets wait.
    for (let i = 0; i < 12; i++)
      t.equal((await h.req('POST', `${base}/tickets`, { token: manager, body: { service: 'A' } })).statusCode, 201)
    const before = (await h.req('GET', `${base}/state`, { token: manager })).json()
    const run = await h.req('POST', `${base}/allocation/run`, { token: manager })
    t.equal(run.statusCode, 200, run.body)
    const proposals = run.json().proposals as Array<{
      id: string
      action: { kind: string; window: string; services?: string[] }
      status: string
      reason: string
    }>
    t.ok(proposals.length >= 1, 'something is proposed for A')
    const reassign = proposals.find((p) => p.action.kind === 'reassign')
    t.ok(reassign, 'W3 (flexible, on B) is proposed for A')
    t.same(
      reassign!.action,
      { kind: 'reassign', window: 'W3', from: ['B'], services: ['A', 'B'] },
      'widened: B keeps it too',
    )
    t.ok(proposals.every((p) => p.status === 'pending'))
    t.match(reassign!.reason, /需要 \d+ 个窗口/)

    // Nothing changed in the hall: same window states and document.
    const after = (await h.req('GET', `${base}/state`, { token: manager })).json()
    t.same(
      after.windows.map((w: { status: string }) => w.status),
      before.windows.map((w: { status: string }) => w.status),
    )
    t.same((await h.req('GET', base, { token: manager })).json().windows[2].services, ['B'])
    // A second run does not repeat a pending proposal's window.
    const again = (await h.req('POST', `${base}/allocation/run`, { token: manager })).json().proposals as Array<{
      action: { window: string }
    }>
    t.notOk(again.some((p) => p.action.window === 'W3'))

    t.equal(
      (await h.req('POST', `${base}/allocation/proposals/${reassign!.id}/approve`, { token: clerk })).statusCode,
      403,
    )
    const ok = await h.req('POST', `${base}/allocation/proposals/${reassign!.id}/approve`, { token: manager })
    t.equal(ok.statusCode, 200, ok.body)
    t.equal(ok.json().proposal.status, 'applied')
    t.same((await h.req('GET', base, { token: manager })).json().windows[2].services, ['A', 'B'])
    t.equal(
      (await h.req('POST', `${base}/allocation/proposals/${reassign!.id}/approve`, { token: manager })).statusCode,
      409,
      'decided once',
    )

    const list = (await h.req('GET', `${base}/allocation/proposals`, { token: manager })).json().proposals as Array<{
      id: string
      status: string
    }>
    const other = list.find((p) => p.status === 'pending')
    if (other) {
      const rej = await h.req('POST', `${base}/allocation/proposals/${other.id}/reject`, { token: manager })
      t.equal(rej.json().proposal.status, 'rejected')
    }
    const events = (await h.req('GET', `${base}/allocation/events`, { token: manager })).json().events as Array<{
      type: string
    }>
    t.ok(events.some((e) => e.type === 'alloc.proposed') && events.some((e) => e.type === 'alloc.applied'))
  }),
)

t.test('auto mode applies at once; a proposal older than its TTL expires', (t) =>
  forEachBackend(t, async (t, backend) => {
    const { h } = await setup(t, backend)
    const base = `/api/v1/halls/${h.hall}`
    await h.req('PATCH', `${base}/allocation/settings`, {
      body: { mode: 'auto', closeAfterSec: 0, flexible: { W3: ['A', 'B'] } },
    })
    // 14:00: nobody is expected and nobody waits, so every service has windows to spare.
    h.clock.now = MONDAY_10AM + 4 * 3600_000
    const run = (await h.req('POST', `${base}/allocation/run`)).json()
    const closes = run.proposals.filter((p: { action: { kind: string } }) => p.action.kind === 'close')
    t.ok(closes.length >= 1, JSON.stringify(run.proposals))
    t.ok(closes.every((p: { status: string }) => p.status === 'applied'))
    const state = (await h.req('GET', `${base}/state`)).json()
    for (const p of closes)
      t.equal(
        state.windows.find((w: { id: string }) => w.id === p.action.window).status,
        'closed',
        `${p.action.window} closed: ${JSON.stringify(state.windows)}`,
      )
    t.ok(
      state.windows.some(
        (w: { status: string; id: string }) => w.status === 'open' && ['W2', 'W3', 'W4'].includes(w.id),
      ),
      'B keeps a window',
    )

    await h.req('PATCH', `${base}/allocation/settings`, { body: { mode: 'advise', proposalTtlSec: 60 } })
    for (let i = 0; i < 15; i++) await h.req('POST', `${base}/tickets`, { body: { service: 'A' } })
    h.clock.now += 20 * 60_000
    const pending = (await h.req('POST', `${base}/allocation/run`)).json().proposals as Array<{ id: string }>
    t.ok(pending.length > 0)
    h.clock.now += 2 * 60_000
    const late = await h.req('POST', `${base}/allocation/proposals/${pending[0]!.id}/approve`)
    t.equal(late.statusCode, 409)
    t.match(late.json().message, /expired/)
  }),
)

t.test('alarms and the staffing plan', (t) =>
  forEachBackend(t, async (t, backend) => {
    const { h } = await setup(t, backend)
    const base = `/api/v1/halls/${h.hall}`
    await h.req('POST', `${base}/windows/W2/close`)
    await h.req('POST', `${base}/windows/W4/pause`, { body: { reason: '离开' } })
    await h.req('POST', `${base}/windows/W3/close`)
    await h.req('POST', `${base}/tickets`, { body: { service: 'B' } })
    h.clock.now += 31 * 60_000
    await h.req('PATCH', `${base}/allocation/settings`, { body: { mode: 'off' } })
    await h.req('POST', `${base}/allocation/run`)
    const alarms = (await h.req('GET', `${base}/alarms`)).json().alarms as Array<{ key: string }>
    t.same(alarms.map((a) => a.key).sort(), ['pause-too-long:W4', 'stranded-queue:B'])

    const plan = await h.req('GET', `${base}/staffing-plan?date=2025-03-10`)
    t.equal(plan.statusCode, 200)
    const peak = plan.json().slots.find((s: { time: string }) => s.time === '10:30')
    t.ok(peak.services.A.windows >= 3, `A at 160/h × 10 min: ${peak.services.A.windows}`)
    const csv = await h.req('GET', `${base}/staffing-plan?date=2025-03-10&format=csv`)
    t.match(csv.headers['content-type'], /text\/csv/)
    t.match(csv.body, /^date,time,group,service,arrivals,offered_load,windows\n2025-03-10,/)
    t.equal((await h.req('GET', `${base}/staffing-plan?date=2025-02-30`)).statusCode, 400)
    t.equal((await h.req('GET', `/api/v1/halls/nope-${Date.now()}/allocation`)).statusCode, 404)
  }),
)

t.test('approving a close that has become unsafe fails and is recorded, the window stays open', (t) =>
  forEachBackend(t, async (t, backend) => {
    const { h } = await setup(t, backend)
    const base = `/api/v1/halls/${h.hall}`
    await h.req('PATCH', `${base}/allocation/settings`, { body: { mode: 'advise', closeAfterSec: 0 } })
    h.clock.now = MONDAY_10AM + 4 * 3600_000 // 14:00, nobody expected: windows to spare
    const proposals = (await h.req('POST', `${base}/allocation/run`)).json().proposals as Array<{
      id: string
      action: { kind: string; window: string }
    }>
    const close = proposals.find((p) => p.action.kind === 'close')
    t.ok(close, 'a close is proposed')
    // Meanwhile a citizen arrives and the clerk of that window calls them.
    const served = (await h.req('GET', base)).json().windows.find((w: { id: string }) => w.id === close!.action.window)
      .services[0] as string
    t.equal((await h.req('POST', `${base}/tickets`, { body: { service: served } })).statusCode, 201)
    t.equal((await h.req('POST', `${base}/windows/${close!.action.window}/call-next`)).statusCode, 200)
    const r = await h.req('POST', `${base}/allocation/proposals/${close!.id}/approve`)
    t.equal(r.statusCode, 200)
    t.equal(r.json().proposal.status, 'failed')
    t.equal(r.json().proposal.error.code, 'QMS_ERR_WINDOW_BUSY')
    const state = (await h.req('GET', `${base}/state`)).json()
    t.equal(state.windows.find((w: { id: string }) => w.id === close!.action.window).status, 'open')
    const events = (await h.req('GET', `${base}/allocation/events`)).json().events as Array<{ type: string }>
    t.ok(events.some((e) => e.type === 'alloc.failed'))
  }),
)
