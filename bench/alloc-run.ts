// One simulated day of the allocation benchmark under one policy, on the hall simulator
// (bench/sim) and the in-process store:
//   static       the configured allocation: every window open by its shifts, 全科 windows serve all;
//   controller   ours: every simulated minute the controller (src/domain/alloc) sees the live hall
//                (snapshot, events, a forecast from earlier days) and its actions are applied;
//   clairvoyant  a plan that knows the day's arrivals: the staffing plan (Erlang on the modified
//                offered load) of the real counts, applied at each 15-minute slot;
//   oracle       our controller fed the day's real arrival counts instead of its forecast (what a
//                perfect forecast would be worth).
import { compileHall } from '../src/config/compile-hall.ts'
import type { HallDocument } from '../src/config/hall-document.ts'
import { controllerInput } from '../src/alloc/hall-view.ts'
import { withWindowServices } from '../src/alloc/apply-action.ts'
import { decide } from '../src/domain/alloc/controller.ts'
import type { ArrivalHistory, DayCounts } from '../src/domain/alloc/forecast.ts'
import { forecastDay } from '../src/domain/alloc/forecast.ts'
import { applyEvent, newHallStats } from '../src/domain/alloc/stats.ts'
import { emptyMemory, type AllocAction, type AllocSettings } from '../src/domain/alloc/types.ts'
import type { QueueEvent } from '../src/domain/types.ts'
import { MemoryQueueStore } from '../src/store/memory/memory-store.ts'
import { clairvoyantPlan } from './alloc-clairvoyant.ts'
import { dayMetrics, type DayMetrics } from './alloc-metrics.ts'
import { SimulatedHall } from './sim/clerks.ts'
import type { HallDay } from './sim/day-types.ts'
import { localTimeMs } from './sim/day-types.ts'
import { Rng } from './sim/rng.ts'
import { compiledDay, offsetMinOf } from './sim/run-day.ts'
import { Scheduler } from './sim/scheduler.ts'
import { StoreHallPort } from './sim/store-port.ts'
import { generateCitizens, type Citizen } from './sim/traffic.ts'

export type Policy = 'static' | 'controller' | 'clairvoyant' | 'oracle'

export interface RunOptions {
  settings: AllocSettings
  /** Earlier days' arrivals for the controller's forecast. */
  history: ArrivalHistory
  /** Receives the day's event stream (for checks that need more than the day's figures). */
  onEvents?: (events: QueueEvent[]) => void
}

const MINUTE = 60_000

/** Arrivals per service and 15-minute slot of a list of citizens (what the archive would hold). */
export function countsOf(citizens: Citizen[], date: string, offsetMin: number): DayCounts {
  const midnight = localTimeMs(date, '00:00', offsetMin)
  const out: DayCounts = {}
  for (const c of citizens) {
    const slots = (out[c.service] ??= new Array<number>(96).fill(0))
    slots[Math.floor((c.at - midnight) / (15 * MINUTE))]!++
  }
  return out
}

export function citizensOf(day: HallDay, date: string, seed: number): Citizen[] {
  const { document } = compiledDay(day)
  return generateCitizens(day, date, offsetMinOf(document.timezone, date), new Rng(seed).fork(1))
}

export async function runDay(
  day: HallDay,
  date: string,
  seed: number,
  policy: Policy,
  opts: RunOptions,
): Promise<DayMetrics> {
  const { document, runtime } = compiledDay(day)
  const offset = offsetMinOf(document.timezone, date)
  const rng = new Rng(seed)
  const citizens = generateCitizens(day, date, offset, rng.fork(1))
  const store = new MemoryQueueStore()
  const start = localTimeMs(date, '00:00', offset)
  await store.configureHall(day.hall, document, runtime, { now: start })
  const sched = new Scheduler(start)
  const hall = new SimulatedHall(
    day,
    new StoreHallPort(store, day.hall, runtime, `${day.id}-${date}`),
    sched,
    rng.fork(2),
  )
  hall.plan(date, offset, citizens)

  let current: HallDocument = document
  let changes = 0
  const reconfigure = async (window: string, services: string[], now: number): Promise<void> => {
    const now_ = current.windows.find((w) => w.id === window)?.services ?? []
    if (now_.length === services.length && now_.every((x, i) => x === services[i])) return
    current = withWindowServices(current, window, services)
    await store.configureHall(day.hall, current, compileHall(day.hall, current), { now })
  }
  const apply = async (a: AllocAction, now: number): Promise<void> => {
    changes++
    if (a.kind !== 'close') await reconfigure(a.window, a.services, now)
    if (a.kind === 'open') await hall.command(a.window, 'open')
    if (a.kind === 'close') await hall.command(a.window, 'closed')
  }

  if (policy === 'controller' || policy === 'oracle') {
    const f = forecastDay(
      opts.history,
      document.hours,
      date,
      document.services.map((s) => s.id),
    )
    const forecast =
      policy === 'oracle'
        ? countsOf(citizens, date, offset)
        : Object.fromEntries(Object.entries(f).map(([s, x]) => [s, x.slots]))
    const stats = newHallStats(document.timezone, opts.settings.targetWaitSec)
    let memory = emptyMemory()
    const tick = async (): Promise<void> => {
      const now = sched.now
      for (const e of await store.eventsSince(day.hall, stats.lastSeq, 100_000)) applyEvent(stats, e)
      const snapshot = await store.snapshot(day.hall, { now })
      const input = controllerInput({
        now,
        document: current,
        snapshot,
        stats,
        forecast,
        settings: opts.settings,
        pendingWindows: [],
      })
      const out = decide(input, memory)
      memory = out.memory
      if (process.env.ALLOC_TRACE && Math.round((now - start) / MINUTE) % 15 === 0) {
        const t = new Date(now + offset * MINUTE).toISOString().slice(11, 16)
        const open = snapshot.windows.filter((w) => w.status === 'open').length
        console.error(
          t,
          `open ${open}`,
          out.groups.map((g) => `${g.group}:${g.need}/${g.supply}(${g.waiting}) λ${g.arrivalsPerHour}`).join(' '),
          out.proposals.map((p) => `${p.action.kind}:${p.action.window}`).join(','),
        )
      }
      for (const p of out.proposals) await apply(p.action, now)
    }
    // Every simulated minute from the first shift to well after closing (the backlog drains).
    for (let t = localTimeMs(date, '08:55', offset); t <= localTimeMs(date, '18:30', offset); t += MINUTE)
      sched.at(t, tick)
  }
  if (policy === 'clairvoyant') {
    const plan = clairvoyantPlan(day, document, countsOf(citizens, date, offset), opts.settings)
    const asked = new Map<string, string>() // window → last command, so a request is counted once
    const enforce = async (): Promise<void> => {
      const now = sched.now
      const want = plan.get(Math.floor((now - start) / (15 * MINUTE))) ?? new Map<string, string[]>()
      const snap = await store.snapshot(day.hall, { now })
      const serves = (w: string): string[] => current.windows.find((x) => x.id === w)?.services ?? []
      for (const w of snap.windows) {
        const target = want.get(w.id)
        const key = target ? `open:${target.join(',')}` : 'closed'
        if (target && (w.status === 'closed' || serves(w.id).join(',') !== target.join(','))) {
          if (asked.get(w.id) === key && w.status !== 'closed') continue
          asked.set(w.id, key)
          await apply(
            w.status === 'closed'
              ? { kind: 'open', window: w.id, services: target }
              : { kind: 'reassign', window: w.id, from: serves(w.id), services: target },
            now,
          )
        } else if (!target && w.status === 'open' && asked.get(w.id) !== key) {
          // Never strand waiting tickets: the last open window of a service with a queue stays.
          const strands = serves(w.id).some(
            (s) =>
              (snap.services.find((x) => x.id === s)?.waiting ?? 0) > 0 &&
              !snap.windows.some((o) => o.id !== w.id && o.status === 'open' && serves(o.id).includes(s)),
          )
          if (strands) continue
          asked.set(w.id, key)
          await apply({ kind: 'close', window: w.id }, now)
        } else if (target && w.status === 'open') asked.set(w.id, key)
      }
    }
    for (let t = localTimeMs(date, '08:55', offset); t <= localTimeMs(date, '18:30', offset); t += MINUTE)
      sched.at(t, enforce)
  }

  await sched.run()
  const events = await store.eventsSince(day.hall, 0, 1_000_000)
  opts.onEvents?.(events)
  await store.close()
  return dayMetrics(events, opts.settings.targetWaitSec, changes)
}
