// The windows inside the forward simulation: when each is free and available, where a new
// ticket would wait, and what each calls, by the real calling policy (selectNext).
import { chooseAssignedWindow } from '../estimate.ts'
import { selectNext, type Candidate } from '../select.ts'
import type { HallRuntime, QueueId } from '../types.ts'
import { availability, type Interval } from './availability.ts'
import type { Draw } from './draw.ts'
import type { SimQueues, SimTicket } from './sim-queues.ts'
import type { PredictModel, PredictSnapshot } from './types.ts'

export interface SimWindow {
  id: string
  services: string[]
  runtime: HallRuntime['windows'][string]
  own: QueueId
  queueIds: QueueId[] // s:<service> for each served service, in policy order
  freeAt: number
  intervals: Interval[]
  consecutivePriority: number
  retired: boolean
}

/** The snapshot's windows as the simulation sees them: free when their current ticket ends, and
 *  available during the intervals their status and the plan give them. */
export function simWindows(rt: HallRuntime, snap: PredictSnapshot, model: PredictModel, draw: Draw): SimWindow[] {
  const { now } = snap
  const avail = availability(snap.windows, model.plannedChanges(now), now, (w, s) => model.pauseRemainingSec(w, s))
  const windows: SimWindow[] = []
  for (const w of snap.windows) {
    const runtime = rt.windows[w.id]
    if (!runtime) continue
    const sw: SimWindow = {
      id: w.id,
      services: runtime.services,
      runtime,
      own: `w:${w.id}`,
      queueIds: runtime.services.map((s): QueueId => `s:${s}`),
      freeAt: w.current ? now + 1000 * draw.currentRemaining(w, now) : now,
      intervals: avail.get(w.id) ?? [],
      consecutivePriority: w.consecutivePriority,
      retired: false,
    }
    fitToIntervals(sw)
    windows.push(sw)
  }
  return windows
}

/** Moves `freeAt` into the window's next availability interval, or retires the window. */
export function fitToIntervals(w: SimWindow): void {
  while (w.intervals.length > 0 && w.freeAt >= w.intervals[0]!.to && !w.intervals[0]!.drain) w.intervals.shift()
  const next = w.intervals[0]
  if (!next) w.retired = true
  else if (w.freeAt < next.from) w.freeAt = next.from
}

export const windowOpenAt = (windows: SimWindow[], id: string, at: number): boolean => {
  const w = windows.find((x) => x.id === id)
  return !!w && !w.retired && w.intervals.some((iv) => iv.from <= at && (at < iv.to || iv.drain))
}

export function targetQueue(
  rt: HallRuntime,
  service: string,
  queues: SimQueues,
  open: (id: string) => boolean,
  busy: (id: string) => boolean,
): QueueId {
  const svc = rt.services[service]
  if (!svc || svc.mode !== 'assigned') return `s:${service}`
  const chosen = chooseAssignedWindow(
    svc.windows.map((id) => ({ id, open: open(id), ownQueue: queues.size(`w:${id}`), busy: busy(id) })),
  )
  return chosen ? `w:${chosen}` : `s:${service}`
}

export function selectFor(
  w: SimWindow,
  queues: SimQueues,
  normalBand: number,
  t: number,
): { ticket: SimTicket; consecutivePriority: number } | null {
  const candidates: Candidate[] = []
  for (let i = -1; i < w.services.length; i++) {
    const q = i < 0 ? w.own : w.queueIds[i]!
    for (let b = 0; b <= normalBand; b++) {
      const h = queues.head(q, b)
      if (h)
        candidates.push({
          queue: q,
          service: i < 0 ? null : w.services[i]!,
          band: b,
          orderAt: h.orderAt,
          ticketId: h.id,
        })
    }
  }
  if (candidates.length === 0) return null
  // One candidate: every rule of the policy picks it (the common case, and the hot path).
  const sel =
    candidates.length === 1
      ? {
          candidate: candidates[0]!,
          consecutivePriority: candidates[0]!.band < normalBand ? w.consecutivePriority + 1 : 0,
        }
      : selectNext({
          window: w.id,
          services: w.services,
          policy: w.runtime.policy,
          normalBand,
          consecutivePriority: w.consecutivePriority,
          now: t,
          candidates,
        })
  if (!sel) return null
  const ticket = queues.pop(sel.candidate.queue, sel.candidate.band)!
  return { ticket, consecutivePriority: sel.consecutivePriority }
}
