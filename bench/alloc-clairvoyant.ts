// The clairvoyant plan: it knows every arrival of the day in advance. For each 15-minute slot it
// takes the real arrival counts, turns them into the modified offered load (the work really at
// the windows in that slot), and finds the windows that cover it with the same staffing model and
// safety rules as the controller (the controller's own greedy, with no delay and no hysteresis,
// starting from the previous slot's windows). What it lacks is only ignorance: no forecast error,
// no waiting to see a queue.
import type { HallDocument } from '../src/config/hall-document.ts'
import { applyAction, decide } from '../src/domain/alloc/controller.ts'
import type { DayCounts } from '../src/domain/alloc/forecast.ts'
import { lognormalSurvival, modifiedOfferedLoad } from '../src/domain/alloc/offered-load.ts'
import { PLAN_HANDLING_SIGMA } from '../src/domain/alloc/plan.ts'
import { emptyMemory, type AllocSettings, type WindowView } from '../src/domain/alloc/types.ts'
import type { HallDay } from './sim/day-types.ts'

const OVERHEAD_SEC = 40
const NO_SHOW_SEC = 90

/** slot → window → the services it serves (absent: closed). */
export type Desired = Map<number, Map<string, string[]>>

export function clairvoyantPlan(
  day: HallDay,
  document: HallDocument,
  counts: DayCounts,
  settings: AllocSettings,
): Desired {
  // It knows how long each ticket really holds a window: the simulator's lognormal mean handling
  // time, plus the walk to the window and the clerk's pause before the next call (25 s + 15 s on
  // average), plus the 60–120 s a no-show call costs.
  const means = Object.fromEntries(
    day.traffic.map((t) => [
      t.service,
      t.medianSec * Math.exp((t.sigma * t.sigma) / 2) + OVERHEAD_SEC + t.noShow * NO_SHOW_SEC,
    ]),
  )
  const ids = document.services.map((s) => s.id)
  const load = Object.fromEntries(
    ids.map((s) => [
      s,
      modifiedOfferedLoad(
        counts[s] ?? new Array<number>(96).fill(0),
        lognormalSurvival(means[s] ?? 300, PLAN_HANDLING_SIGMA),
      ),
    ]),
  )
  const configured = Object.fromEntries(document.windows.map((w) => [w.id, [...w.services]]))
  const planSettings: AllocSettings = {
    ...settings,
    mode: 'auto',
    minDwellSec: 0,
    closeAfterSec: 0,
    maxChangesPerTick: 100,
    keepOpen: [],
  }
  let windows: WindowView[] = document.windows.map((w) => ({
    id: w.id,
    status: 'closed',
    busy: false,
    since: 0,
    services: [...w.services],
    ownQueue: 0,
  }))
  const out: Desired = new Map()
  for (let slot = 0; slot < 96; slot++) {
    const busy = ids.reduce((s, id) => s + (load[id]![slot] ?? 0), 0)
    if (busy < 0.05) {
      windows = windows.map((w) => ({ ...w, status: 'closed' }))
      continue
    }
    const services = ids.map((id) => {
      // Staffed for the busier of this slot and the next: a window opened now serves into the next.
      const busiest = Math.max(load[id]![slot] ?? 0, load[id]![slot + 1] ?? 0)
      const perHour = (busiest / (means[id] ?? 300)) * 3600
      return {
        id,
        waiting: 0,
        oldestWaitSec: 0,
        arrivalsPerHour: perHour,
        arrivalsPerHourAhead: perHour,
        meanServiceSec: means[id] ?? 300,
      }
    })
    // Open what is short, then close what is spare (two passes of the controller's greedy).
    for (let pass = 0; pass < 2; pass++) {
      const now = slot * 900_000 + pass
      const out_ = decide(
        { now, hallOpen: true, configured, windows, services, settings: planSettings, pendingWindows: [] },
        emptyMemory(),
      )
      for (const p of out_.proposals) windows = applyAction(windows, p.action)
    }
    out.set(slot, new Map(windows.filter((w) => w.status === 'open').map((w) => [w.id, w.services])))
  }
  return out
}
