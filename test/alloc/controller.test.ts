import fc from 'fast-check'
import t from 'tap'
import { applyAction, decide } from '../../src/domain/alloc/controller.ts'
import {
  DEFAULT_SETTINGS,
  emptyMemory,
  type AllocSettings,
  type ControllerInput,
  type ServiceView,
  type WindowView,
} from '../../src/domain/alloc/types.ts'

const T0 = Date.parse('2026-03-02T01:00:00Z') // 09:00 in Shanghai
const MIN = 60_000

// A small hall: social security (ss) on windows 1–3, tax on 4–5, flexible windows 6–7 (全科).
const configured: Record<string, string[]> = {
  '1': ['ss'],
  '2': ['ss'],
  '3': ['ss'],
  '4': ['tax'],
  '5': ['tax'],
  '6': ['ss', 'tax'],
  '7': ['ss', 'tax'],
}
const settings = (over: Partial<AllocSettings> = {}): AllocSettings => ({
  ...DEFAULT_SETTINGS,
  mode: 'auto',
  flexible: { '6': ['ss', 'tax'], '7': ['ss', 'tax'] },
  ...over,
})
const win = (id: string, over: Partial<WindowView> = {}): WindowView => ({
  id,
  status: 'open',
  busy: false,
  since: T0 - 60 * MIN,
  services: [...configured[id]!],
  ownQueue: 0,
  ...over,
})
const svc = (id: string, perHour: number, over: Partial<ServiceView> = {}): ServiceView => ({
  id,
  waiting: 0,
  oldestWaitSec: 0,
  arrivalsPerHour: perHour,
  arrivalsPerHourAhead: perHour,
  meanServiceSec: 600,
  ...over,
})
const input = (
  windows: WindowView[],
  services: ServiceView[],
  over: Partial<ControllerInput> = {},
): ControllerInput => ({
  now: T0,
  hallOpen: true,
  configured,
  windows,
  services,
  settings: settings(),
  pendingWindows: [],
  ...over,
})

/** Runs the controller for `minutes`, applying what it proposes, with a rate that may vary. */
function run(start: ControllerInput, minutes: number, rate: (minute: number) => Record<string, number>) {
  let memory = emptyMemory()
  let windows = start.windows
  const changes: Array<{ minute: number; window: string; kind: string }> = []
  for (let m = 0; m < minutes; m++) {
    const r = rate(m)
    const services = start.services.map((s) => ({ ...s, arrivalsPerHour: r[s.id]!, arrivalsPerHourAhead: r[s.id]! }))
    const out = decide({ ...start, now: T0 + m * MIN, windows, services }, memory)
    memory = out.memory
    for (const p of out.proposals) {
      windows = applyAction(windows, p.action)
      changes.push({ minute: m, window: p.action.window, kind: p.action.kind })
    }
  }
  return { windows, changes }
}

t.test('a short group gets an open flexible window widened to its services before any window opens', async (t) => {
  // ss: 30/h × 10 min = 5 Erlangs on 3 windows; tax: 3/h (needs 1) on 2 fixed + 2 flexible.
  const windows = ['1', '2', '3', '4', '5']
    .map((id) => win(id))
    .concat([win('6', { services: ['tax'] }), win('7', { services: ['tax'] })])
  const out = decide(input(windows, [svc('ss', 30), svc('tax', 3)]), emptyMemory())
  const kinds = out.proposals.map((p) => p.action)
  t.same(
    kinds[0],
    { kind: 'reassign', window: '6', from: ['tax'], services: ['ss', 'tax'] },
    'costs no window-hours; tax keeps it too',
  )
  t.ok(
    kinds.every((k) => k.kind === 'reassign'),
    'both flexible windows are widened first',
  )
  t.match(out.proposals[0]!.reason, /ss: 需要 \d+ 个窗口/)
  t.equal(out.proposals[0]!.figures[0]!.group, 'ss')
  t.equal(out.groups.find((g) => g.group === 'ss')!.need, 6, '30/h × 10 min at 80 % within 15 min')
})

t.test('with no window to spare it opens a closed one, its own group first, within the staff limit', async (t) => {
  const windows = [
    win('1'),
    win('2', { status: 'closed' }),
    win('3', { status: 'closed' }),
    win('4'),
    win('5', { status: 'closed' }),
    win('6', { status: 'closed' }),
    win('7', { status: 'closed' }),
  ]
  const out = decide(input(windows, [svc('ss', 20), svc('tax', 3)]), emptyMemory())
  // ss (20/h × 10 min) needs 5 windows and reaches 1; tax (3/h) needs 2 at 80 % within 15 min
  // and reaches 1. A fixed ss window and the flexible window 6 (ss + tax, helping both) open.
  t.same(out.proposals.map((p) => p.action.window).sort(), ['2', '6'])
  t.ok(out.proposals.every((p) => p.action.kind === 'open'))
  t.same(out.proposals.find((p) => p.action.window === '6')!.action, {
    kind: 'open',
    window: '6',
    services: ['ss', 'tax'],
  })
  t.equal(out.proposals.length, 2, 'at most maxChangesPerTick per tick')
  const capped = decide(
    input(windows, [svc('ss', 20), svc('tax', 3)], { settings: settings({ maxStaffed: 3 }) }),
    emptyMemory(),
  )
  t.equal(capped.proposals.length, 1, 'one more window is all the staff allows')
})

t.test('never proposes closing a busy window, or one with its own queue, or one kept open', async (t) => {
  // Demand is tiny: every window but one per service is surplus.
  const windows = [
    win('1', { busy: true }),
    win('2', { busy: true }),
    win('3', { ownQueue: 2 }),
    win('4', { busy: true }),
    win('5'),
    win('6', { busy: true }),
    win('7', { busy: true }),
  ]
  const s = settings({ closeAfterSec: 0, keepOpen: ['5'] })
  const out = decide(input(windows, [svc('ss', 1), svc('tax', 1)], { settings: s }), emptyMemory())
  t.same(out.proposals, [], 'every surplus window is busy, queued or kept open')
  const idle = decide(
    input(
      windows.map((w) => (w.id === '2' ? { ...w, busy: false } : w)),
      [svc('ss', 1), svc('tax', 1)],
      { settings: s },
    ),
    emptyMemory(),
  )
  t.same(
    idle.proposals.map((p) => p.action),
    [{ kind: 'close', window: '2' }],
  )
})

t.test('never strands a queue: the last open window of a service with waiting tickets stays', async (t) => {
  const s = settings({ closeAfterSec: 0 })
  // Hall closed for the day: no demand, but 1 ss ticket still waits and window 1 is its only window.
  const windows = [
    win('1'),
    win('2', { status: 'closed' }),
    win('3', { status: 'closed' }),
    win('4'),
    win('5', { status: 'closed' }),
    win('6', { status: 'closed' }),
    win('7', { status: 'closed' }),
  ]
  const out = decide(
    input(windows, [svc('ss', 0, { waiting: 1, oldestWaitSec: 60 }), svc('tax', 0)], { settings: s, hallOpen: false }),
    emptyMemory(),
  )
  t.same(
    out.proposals.map((p) => p.action),
    [{ kind: 'close', window: '4' }],
    'tax has no one waiting; ss keeps window 1',
  )
  // A flexible window that is the only one serving tax (with waiting tickets) is not re-assigned away.
  const only = [
    win('1'),
    win('2'),
    win('3'),
    win('4', { status: 'closed' }),
    win('5', { status: 'closed' }),
    win('6', { services: ['tax'] }),
    win('7', { status: 'closed' }),
  ]
  const r = decide(
    input(only, [svc('ss', 40), svc('tax', 0, { waiting: 3, oldestWaitSec: 100 })], {
      settings: settings({ maxStaffed: 5 }),
    }),
    emptyMemory(),
  )
  t.ok(
    r.proposals.every(
      (p) => p.action.window !== '6' || (p.action.kind === 'reassign' && p.action.services.includes('tax')),
    ),
    'window 6 keeps tax',
  )
})

t.test('property: proposals never close a busy window nor strand a service that was covered', async (t) => {
  const ids = Object.keys(configured)
  const windowArb = fc.record({
    status: fc.constantFrom('open' as const, 'closed' as const, 'paused' as const),
    busy: fc.boolean(),
    ownQueue: fc.constantFrom(0, 0, 1),
    flex: fc.constantFrom<string[]>(['ss'], ['tax'], ['ss', 'tax']),
  })
  const serviceArb = fc.record({ rate: fc.integer({ min: 0, max: 60 }), waiting: fc.integer({ min: 0, max: 30 }) })
  fc.assert(
    fc.property(
      fc.array(windowArb, { minLength: 7, maxLength: 7 }),
      serviceArb,
      serviceArb,
      fc.boolean(),
      (ws, ss, tax, hallOpen) => {
        const windows = ws.map((w, i) =>
          win(ids[i]!, {
            status: w.status,
            busy: w.status !== 'closed' && w.busy,
            ownQueue: w.ownQueue,
            services: ['6', '7'].includes(ids[i]!) ? w.flex : [...configured[ids[i]!]!],
          }),
        )
        const services = [
          svc('ss', ss.rate, { waiting: ss.waiting, oldestWaitSec: ss.waiting * 30 }),
          svc('tax', tax.rate, { waiting: tax.waiting, oldestWaitSec: tax.waiting * 30 }),
        ]
        const out = decide(
          input(windows, services, { hallOpen, settings: settings({ closeAfterSec: 0, maxChangesPerTick: 3 }) }),
          emptyMemory(),
        )
        let after = windows
        for (const p of out.proposals) {
          const w = after.find((x) => x.id === p.action.window)!
          if (p.action.kind === 'close') {
            if (w.busy || w.ownQueue > 0 || w.status !== 'open') return false
          }
          after = applyAction(after, p.action)
        }
        const covered = (list: WindowView[], s: string) =>
          list.some((w) => w.status === 'open' && w.services.includes(s))
        for (const s of services) {
          const must = s.waiting > 0 || (hallOpen && s.arrivalsPerHour > 0)
          if (must && covered(windows, s.id) && !covered(after, s.id)) return false
        }
        return new Set(out.proposals.map((p) => p.action.window)).size === out.proposals.length
      },
    ),
    { numRuns: 400, seed: 42 },
  )
  t.pass('400 random halls')
})

t.test('hysteresis: a noisy arrival rate around a staffing boundary does not make windows flap', async (t) => {
  // ss at 24/h ± 25 % (a new random rate every minute) needs 4 to 6 windows of 10 minutes.
  let x = 12345
  const noise = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 0.5
  const windows = [
    win('1'),
    win('2'),
    win('3'),
    win('4'),
    win('5'),
    win('6', { services: ['ss'] }),
    win('7', { status: 'closed' }),
  ]
  const start = input(windows, [svc('ss', 24), svc('tax', 4)])
  const { changes } = run(start, 240, () => ({ ss: 24 * (1 + noise()), tax: 4 * (1 + noise()) }))
  const byWindow = new Map<string, number[]>()
  for (const c of changes) byWindow.set(c.window, [...(byWindow.get(c.window) ?? []), c.minute])
  for (const [w, minutes] of byWindow) {
    for (let i = 1; i < minutes.length; i++)
      t.ok(minutes[i]! - minutes[i - 1]! >= 15, `window ${w} changed at ${minutes.join(', ')}`)
  }
  t.ok(changes.length <= 6, `${changes.length} changes in 4 hours of noise: ${JSON.stringify(changes)}`)
  // The same without hysteresis (no dwell, no close delay, no margin) flaps more.
  const eager = run(
    { ...start, settings: settings({ minDwellSec: 0, closeAfterSec: 0, closeMargin: 0 }) },
    240,
    () => ({ ss: 24 * (1 + noise()), tax: 4 * (1 + noise()) }),
  )
  t.ok(eager.changes.length > changes.length, `eager controller: ${eager.changes.length} changes`)
})

t.test('a window changed recently, or with a pending proposal, is left alone', async (t) => {
  const windows = [
    win('1'),
    win('2'),
    win('3'),
    win('4'),
    win('5'),
    win('6', { services: ['tax'] }),
    win('7', { services: ['tax'] }),
  ]
  const services = [svc('ss', 30), svc('tax', 3)]
  const memory = { lastChange: { '6': T0 - 5 * MIN }, surplusSince: {} }
  const out = decide(input(windows, services, { pendingWindows: ['7'] }), memory)
  t.notOk(out.proposals.some((p) => ['6', '7'].includes(p.action.window)))
  const later = decide(input(windows, services, { now: T0 + 11 * MIN, pendingWindows: ['7'] }), memory)
  t.ok(
    later.proposals.some((p) => p.action.window === '6'),
    'after the dwell time window 6 may move',
  )
  t.same(decide(input(windows, services, { settings: settings({ mode: 'off' }) }), emptyMemory()).proposals, [])
})
