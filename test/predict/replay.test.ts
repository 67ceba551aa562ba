// The replay tool's pieces: a log becomes the event stream a hall would have produced, learning
// the hall from the log itself with what is known at each moment; the metrics are the ones the
// issue names, computed as documented.
import t from 'tap'
import { Baselines } from '../../bench/sim/eval/baselines.ts'
import { logSteps, parseLog } from '../../bench/sim/eval/csv-log.ts'
import { evaluate, type Scored } from '../../bench/sim/eval/harness.ts'
import { metricsFor, verdict } from '../../bench/sim/eval/metrics.ts'
import type { Step } from '../../bench/sim/eval/predictor.ts'
import type { HallRuntime, QueueEvent } from '../../src/domain/types.ts'

const HEADER = 'ticket_id,service,priority,issued_at,called_at,completed_at,window,outcome'
const at = (hhmmss: string): string => `2026-03-09T${hhmmss}+08:00`
const row = (
  id: string,
  service: string,
  prio: string,
  issued: string,
  called: string,
  done: string,
  window: string,
  outcome: string,
): string => [id, service, prio, at(issued), called && at(called), done && at(done), window, outcome].join(',')

const events = (steps: Step[]): QueueEvent[] => steps.flatMap((s) => ('event' in s ? [s.event] : []))
const lastRuntime = (steps: Step[]): HallRuntime =>
  (steps.filter((s) => 'runtime' in s).at(-1) as { runtime: HallRuntime }).runtime

t.test('a log without a hall document: services, windows and idle closings learned as it goes', async (t) => {
  const log = parseLog(
    [
      HEADER,
      row('1', 'PS', '', '09:00:00', '08:59:59', '09:05:00', 'ANA', 'done'), // called a second "before" issue
      row('2', 'NW', '', '09:01:00', '09:05:10', '09:09:00', 'ANA', 'done'),
      row('3', 'PS', '', '09:02:00', '09:02:30', '09:08:00', 'BEN', 'done'),
      row('4', 'PS', '', '09:30:00', '', '09:31:00', '', 'cancelled'),
      row('5', 'PS', '', '09:40:00', '09:40:05', '09:45:00', 'BEN', 'done'),
    ].join('\n'),
  )
  t.equal(log.utcOffsetMin, 480)
  t.equal(log.tickets[0]!.calledAt, log.tickets[0]!.issuedAt, 'a call logged before the issue counts as at the issue')
  const steps = [...logSteps(log, { idleCloseMin: 5, priorHandlingSec: 300 })]
  const rt = lastRuntime(steps)
  t.same(rt.windows.ANA!.services, ['PS', 'NW'])
  t.same(rt.windows.BEN!.services, ['PS'])
  t.same(rt.services.PS!.windows, ['ANA', 'BEN'])
  const evs = events(steps)
  t.same(
    evs.map((e) => e.seq),
    evs.map((_, i) => i + 1),
    'gap-free seq',
  )
  t.ok(
    evs.every((e, i) => i === 0 || e.at >= evs[i - 1]!.at),
    'in time order',
  )
  const closes = evs
    .filter((e) => e.type === 'window.status' && e.status === 'closed')
    .map((e) => `${e.window}@${new Date(e.at + 8 * 3600_000).toISOString().slice(11, 19)}`)
  t.same(closes, ['BEN@09:13:00', 'ANA@09:14:00'], 'closed five idle minutes after the last activity, in order')
  const opens = evs.filter((e) => e.type === 'window.status' && e.status === 'open').map((e) => e.window)
  t.same(opens, ['ANA', 'BEN', 'BEN'], 'open again at its next call')
  t.ok(evs.some((e) => e.type === 'ticket.cancelled' && e.ticket === '4'))
})

t.test('how strictly priority is applied is learned from the calls', async (t) => {
  const lines = [HEADER]
  // A normal ticket waits; a priority ticket issued 60 s later is called first; ten times over.
  for (let i = 0; i < 12; i++) {
    const m = String(i * 4).padStart(2, '0')
    lines.push(row(`n${i}`, 'PS', '', `09:${m}:00`, `09:${m}:40`, `09:${m}:50`, 'ANA', 'done'))
    lines.push(row(`p${i}`, 'PS', 'priority', `09:${m}:01`, `09:${m}:20`, `09:${m}:30`, 'ANA', 'done'))
  }
  // Priority tickets issued within a second of the normal one: the gap evidence is ~1 s, floored at 30 s.
  const rt = lastRuntime([...logSteps(parseLog(lines.join('\n')), { idleCloseMin: 5, priorHandlingSec: 300 })])
  t.same(rt.classBands, ['priority', 'normal'])
  t.equal(rt.windows.ANA!.policy.agingSec, 30, 'a head start, not an absolute priority')
})

t.test('forecasts are made at issue from the past only, and scored on the first call', async (t) => {
  const log = parseLog(
    [
      HEADER,
      row('1', 'PS', '', '09:00:00', '09:00:00', '09:10:00', 'ANA', 'done'),
      row('2', 'PS', '', '09:01:00', '09:10:00', '09:20:00', 'ANA', 'done'),
      row('3', 'PS', '', '09:02:00', '09:20:00', '09:30:00', 'ANA', 'done'),
      row('4', 'PS', '', '09:03:00', '', '09:04:00', '', 'cancelled'),
    ].join('\n'),
  )
  const steps = [...logSteps(log, { idleCloseMin: 30, priorHandlingSec: 600 })]
  const first = steps.find((s) => 'runtime' in s) as { runtime: HallRuntime }
  const scored = evaluate(steps, [new Baselines(first.runtime)])
  t.same(
    scored.map((s) => s.ticket),
    ['1', '2', '3'],
    'the cancelled ticket has no actual wait',
  )
  t.same(
    scored.map((s) => s.actualSec),
    [0, 540, 1080],
  )
  // QL for ticket 3: one ahead (2) + 1, × 600 s prior (no service finished yet), ÷ 1 open window.
  t.equal(scored[2]!.forecasts.ql!.etaSec, 1200)
  t.equal(scored[2]!.forecasts.hol!.etaSec, 60, 'head of line: ticket 2 has waited 60 s')
  t.equal(scored[2]!.forecasts.naive!.etaSec, 600, 'naive: one ahead × 600 s ÷ one open window')
})

t.test('metrics as documented', async (t) => {
  const s = (actualSec: number, etaSec: number, p10?: number, p90?: number): Scored => ({
    ticket: String(actualSec),
    service: 'A',
    cls: 'normal',
    issuedAt: 0,
    actualSec,
    forecasts: {
      ours: { etaSec, ...(p10 !== undefined && { p10, p90 }) },
      ql: { etaSec: actualSec + 120 },
      rolling: { etaSec: actualSec - 240 },
    },
  })
  const scored = [s(600, 540, 300, 900), s(1200, 1500, 1000, 1400), s(0, 20, 0, 60), s(900, 500, 300, 800)]
  const m = metricsFor(scored, 'ours')
  t.equal(m.maeMin, (60 + 300 + 20 + 400) / 4 / 60)
  t.equal(m.rmseMin, Math.sqrt((60 ** 2 + 300 ** 2 + 20 ** 2 + 400 ** 2) / 4) / 60)
  t.equal(m.relMae, (60 + 300 + 20 + 400) / 2700)
  t.equal(m.within20, 2 / 4, '60 s off 600 s and 20 s off 0 s (30 s floor) are within')
  t.equal(m.under5, 1 / 4, 'only the 400 s under-forecast is more than 5 minutes short')
  t.equal(m.coverage, 3 / 4, 'the 900 s wait fell outside its 300–800 s interval')
  const v = verdict(scored)
  t.equal(v.maeVsQl, 1 - m.maeMin / 2)
  t.equal(v.mseVsRolling, 1 - m.mse / 16)
})
