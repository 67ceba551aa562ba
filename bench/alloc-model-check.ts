// The staffing model against the simulator: one service, a steady arrival rate, c windows open
// all day. The share called within the target that Erlang C predicts (from the measured arrival
// rate and the measured time a ticket holds a window) is set against the share the simulator
// produces with its lognormal handling times, walk-up times, no-shows and clerk pauses.
import { serviceLevel } from '../src/domain/alloc/erlang.ts'
import type { QueueEvent } from '../src/domain/types.ts'
import { runDay } from './alloc-run.ts'
import { allocSettings } from './alloc-hall.ts'
import type { HallDay } from './sim/day-types.ts'

const TARGET_SEC = 300
/** The simulator's clerk pauses 5–25 s after a ticket before calling the next. */
const PAUSE_SEC = 15

export interface ModelCheckRow {
  windows: number
  perHour: number
  occupancySec: number
  predicted: number
  simulated: number
}

function steadyHall(windows: number, perDay: number): HallDay {
  const ids = Array.from({ length: windows }, (_, i) => String(i + 1))
  return {
    id: `steady-${windows}`,
    title: 'steady load',
    hall: `sim-steady-${windows}`,
    document: {
      name: '稳态检验大厅',
      timezone: 'Asia/Shanghai',
      hours: {
        weekly: Object.fromEntries(
          ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ open: '09:00', close: '17:00' }]]),
        ),
      },
      services: [{ id: 'ss', name: '社保', prefix: 'A', meanHandlingMinutes: 5 }],
      windows: ids.map((id) => ({ id, name: `${id}号窗口`, services: ['ss'] })),
      priorityClasses: [],
    },
    traffic: [{ service: 'ss', perDay, medianSec: 300, sigma: 0.5, noShow: 0.05, green: 0, appointment: 0 }],
    staffing: ids.map((window) => ({
      window,
      speed: 1,
      shifts: [{ from: '08:55', to: '17:00', end: 'drain' as const }],
      breaks: [],
    })),
    // Flat: the two peaks are placed outside opening hours.
    curve: {
      morningPeak: '03:00',
      afternoonPeak: '04:00',
      peakWidthMin: 10,
      afternoonWeight: 1,
      base: 1,
      lunch: { from: '12:00', to: '12:00', factor: 1 },
      doorBurst: 0,
    },
    patienceMin: 100_000,
    forgottenRate: 0,
    returnAfterNoShow: 0,
  }
}

/** Arrival rate and window occupancy measured over 10:00–16:00 (the first hour is warm-up). */
function measure(
  events: QueueEvent[],
  from: number,
  to: number,
): { perHour: number; occupancySec: number; within: number } {
  const issued = new Map<string, number>()
  const calledAt = new Map<string, number>()
  let arrivals = 0
  let within = 0
  let called = 0
  const holds: number[] = []
  for (const e of events) {
    if (!e.ticket) continue
    if (e.type === 'ticket.issued') {
      issued.set(e.ticket, e.at)
      if (e.at >= from && e.at < to) arrivals++
    } else if (e.type === 'ticket.called' && !calledAt.has(e.ticket)) {
      calledAt.set(e.ticket, e.at)
      const at = issued.get(e.ticket)!
      if (at >= from && at < to) {
        called++
        if (e.at - at <= TARGET_SEC * 1000) within++
      }
    } else if ((e.type === 'ticket.done' || e.type === 'ticket.no_show') && calledAt.has(e.ticket)) {
      holds.push((e.at - calledAt.get(e.ticket)!) / 1000 + PAUSE_SEC)
    }
  }
  return {
    perHour: arrivals / ((to - from) / 3_600_000),
    occupancySec: holds.reduce((s, x) => s + x, 0) / holds.length,
    within: within / called,
  }
}

export async function modelCheck(seeds: number[]): Promise<ModelCheckRow[]> {
  const rows: ModelCheckRow[] = []
  for (const [windows, perDay] of [
    [3, 160],
    [5, 270],
    [8, 430],
    [12, 650],
  ] as const) {
    const day = steadyHall(windows, perDay)
    let perHour = 0
    let occupancy = 0
    let simulated = 0
    let predicted = 0
    for (const seed of seeds) {
      const events: QueueEvent[] = []
      await runDay(day, '2026-03-10', seed, 'static', {
        settings: allocSettings({ targetWaitSec: TARGET_SEC }),
        history: new Map(),
        onEvents: (e) => events.push(...e),
      })
      const from = Date.parse('2026-03-10T10:00:00+08:00')
      const m = measure(events, from, from + 6 * 3_600_000)
      perHour += m.perHour / seeds.length
      occupancy += m.occupancySec / seeds.length
      simulated += m.within / seeds.length
      predicted +=
        serviceLevel(windows, { arrivalsPerHour: m.perHour, meanServiceSec: m.occupancySec }, TARGET_SEC) / seeds.length
    }
    rows.push({ windows, perHour, occupancySec: occupancy, predicted, simulated })
  }
  return rows
}

export const MODEL_CHECK_TARGET_SEC = TARGET_SEC
