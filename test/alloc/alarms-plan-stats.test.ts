import t from 'tap'
import { diffAlarms, evaluateAlarms, type AlarmInput } from '../../src/domain/alloc/alarms.ts'
import { buildGroups } from '../../src/domain/alloc/groups.ts'
import { planCsv, staffingPlan } from '../../src/domain/alloc/plan.ts'
import { applyEvent, newHallStats, summarize } from '../../src/domain/alloc/stats.ts'
import type { QueueEvent } from '../../src/domain/types.ts'

const NOW = Date.parse('2026-03-02T03:00:00Z') // 11:00 Shanghai
const base = (over: Partial<AlarmInput> = {}): AlarmInput => ({
  now: NOW,
  settings: { targetWaitSec: 900, maxPauseSec: 1800, handlingAlarmFactor: 1.5 },
  services: [],
  windows: [],
  devices: [],
  ...over,
})
const service = (id: string, over = {}) => ({
  id,
  waiting: 0,
  openWindows: 1,
  predictedWaitSec: 0,
  usualHandlingSec: 600,
  recentHandlingSec: [],
  ...over,
})

t.test('each alarm kind fires on its condition and not below it', async (t) => {
  const alarms = evaluateAlarms(
    base({
      services: [
        service('ss', { waiting: 12, predictedWaitSec: 1500 }),
        service('tax', { waiting: 3, openWindows: 0, predictedWaitSec: Infinity }),
        service('hf', { waiting: 2, predictedWaitSec: 600, recentHandlingSec: [1000, 950, 1100, 900, 1000] }),
        service('re', { recentHandlingSec: [1000, 1000, 1000, 1000] }), // too few samples
      ],
      windows: [
        { id: '3', status: 'paused', since: NOW - 31 * 60_000, reason: 'break' },
        { id: '4', status: 'paused', since: NOW - 10 * 60_000, reason: null },
      ],
      devices: [
        { id: 'led-3', online: false, since: NOW - 5 * 60_000, window: '3' },
        { id: 'led-4', online: false, since: NOW - 20_000 },
        { id: 'kiosk-1', online: true, since: NOW - 3600_000 },
      ],
    }),
  )
  t.same(alarms.map((a) => a.key).sort(), [
    'device-offline:led-3',
    'handling-over-usual:hf',
    'pause-too-long:3',
    'stranded-queue:tax',
    'wait-over-target:ss',
  ])
  t.equal(alarms.find((a) => a.kind === 'wait-over-target')!.severity, 'warning', '25 min is under twice the target')
  t.equal(alarms.find((a) => a.kind === 'stranded-queue')!.severity, 'critical')
  t.match(alarms.find((a) => a.kind === 'pause-too-long')!.message, /离岗超时/)
})

t.test('diffAlarms raises once, keeps the first time, clears once', async (t) => {
  const first = evaluateAlarms(base({ services: [service('ss', { waiting: 5, predictedWaitSec: 1200 })] }))
  const d1 = diffAlarms(new Map(), first)
  t.equal(d1.raised.length, 1)
  const later = evaluateAlarms(
    base({ now: NOW + 60_000, services: [service('ss', { waiting: 9, predictedWaitSec: 2000 })] }),
  )
  const d2 = diffAlarms(d1.active, later)
  t.same(d2.raised, [])
  t.equal(d2.active.get('wait-over-target:ss')!.since, NOW, 'first seen time kept')
  t.equal(d2.active.get('wait-over-target:ss')!.severity, 'critical', 'latest figures shown')
  const d3 = diffAlarms(d2.active, [])
  t.equal(d3.cleared.length, 1)
  t.equal(d3.active.size, 0)
})

t.test('staffing plan: per slot windows for services and groups, CSV export', async (t) => {
  const slots = (n: number) => new Array<number>(96).fill(0).map((_, i) => (i >= 36 && i < 44 ? n : 0))
  const groups = buildGroups({ '1': ['ss'], '2': ['ss', 'med'], '3': ['tax'] }, {}, ['ss', 'med', 'tax'])
  t.same(
    groups.map((g) => g.key),
    ['ss+med', 'tax'],
  )
  const plan = staffingPlan(
    '2026-09-01',
    { ss: { slots: slots(30) }, med: { slots: slots(5) }, tax: { slots: slots(0) } },
    groups,
    { ss: 360, med: 600, tax: 600 },
    { targetWaitSec: 900, targetLevel: 0.8, patienceMeanSec: null },
  )
  const peak = plan.slots.find((s) => s.time === '10:30')!
  // 120/h × 6 min = 12 Erlangs at steady state → 13 windows alone; med adds ~3.3 Erlangs.
  t.equal(peak.services['ss']!.windows, 13)
  t.ok(peak.groups['ss+med']!.windows >= 15 && peak.groups['ss+med']!.windows <= 17)
  t.ok(
    peak.groups['ss+med']!.windows < peak.services['ss']!.windows + peak.services['med']!.windows + 1,
    'pooling needs no more than separate queues',
  )
  const first = plan.slots.find((s) => s.time === '09:00')!
  t.ok(first.services['ss']!.load < 12, 'the first slot carries less than the steady load (MOL)')
  t.equal(plan.slots[0]!.time, '09:00')
  const csv = planCsv(plan)
  t.match(csv, /^date,time,group,service,arrivals,offered_load,windows\n/)
  t.match(csv, /2026-09-01,10:30,ss\+med,ss,30\.0,\d+\.\d\d,13\n/)
  t.match(csv, /2026-09-01,10:30,ss\+med,\*,35\.0,/)
})

t.test('throughput statistics from events: arrivals per slot, waits, handling, utilisation', async (t) => {
  const at = (min: number) => NOW + min * 60_000
  let seq = 0
  const ev = (type: QueueEvent['type'], min: number, extra: Partial<QueueEvent>): QueueEvent => ({
    seq: ++seq,
    type,
    at: at(min),
    hall: 'h',
    ...extra,
  })
  const events: QueueEvent[] = [
    ev('window.status', 0, { window: '1', status: 'open' }),
    ev('ticket.issued', 1, { ticket: 'a', service: 'ss' }),
    ev('ticket.issued', 2, { ticket: 'b', service: 'ss' }),
    ev('ticket.called', 3, { ticket: 'a', service: 'ss', window: '1' }),
    ev('ticket.done', 13, { ticket: 'a', service: 'ss', window: '1' }),
    ev('ticket.called', 30, { ticket: 'b', service: 'ss', window: '1' }),
    ev('ticket.no_show', 32, { ticket: 'b', service: 'ss', window: '1' }),
    ev('window.status', 40, { window: '1', status: 'closed' }),
  ]
  const s = newHallStats('Asia/Shanghai', 900)
  for (const e of events) applyEvent(s, e)
  applyEvent(s, events[1]!) // a replayed event is ignored
  const sum = summarize(s, at(60))
  const ss = sum.services.find((x) => x.service === 'ss')!
  t.equal(ss.issued, 2)
  t.equal(s.services['ss']!.arrivals[44], 2, '11:00 is slot 44')
  t.equal(ss.serviceLevel, 0.5, 'a called after 2 min, b after 28 min')
  t.equal(ss.meanHandlingSec, 600)
  t.equal(ss.noShowShare, 0.5)
  const w = sum.windows.find((x) => x.window === '1')!
  t.equal(w.openSec, 2400)
  t.equal(w.busySec, 720, '10 min serving a, 2 min calling b')
  t.equal(w.utilisation, 0.3)
})
