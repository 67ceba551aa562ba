// Builds what the controller and the alarms see from the live hall: the store's snapshot, the hall
// document (what each window serves now), today's statistics and today's forecast.

import type { HallDocument } from '../config/hall-document.ts'
import { localTime, periodsOn } from '../domain/calendar.ts'
import type { AlarmServiceInput, AlarmWindowInput } from '../domain/alloc/alarms.ts'
import { blendWithToday } from '../domain/alloc/forecast.ts'
import { serviceSupply } from '../domain/alloc/groups.ts'
import { SLOT_SEC } from '../domain/alloc/offered-load.ts'
import type { HallStats } from '../domain/alloc/stats.ts'
import type { AllocSettings, ControllerInput, ServiceView, WindowView } from '../domain/alloc/types.ts'
import type { HallSnapshot } from '../domain/types.ts'

/** Learnt handling times lean on the configured mean until this many services were seen. */
export const HANDLING_PRIOR_WEIGHT = 5

export interface ViewSources {
  now: number
  document: HallDocument
  snapshot: HallSnapshot
  stats: HallStats
  /** Today's forecast per service and slot (null: no history yet, live rates only). */
  forecast: Record<string, number[]> | null
  settings: AllocSettings
  pendingWindows: string[]
}

export function hallOpenAt(document: HallDocument, now: number): boolean {
  const t = localTime(document.timezone, now)
  const minute = t.secondOfDay / 60
  return periodsOn(document.hours, t.date).some((p) => {
    const [oh, om] = p.open.split(':').map(Number) as [number, number]
    const [ch, cm] = p.close.split(':').map(Number) as [number, number]
    return oh * 60 + om <= minute && minute < ch * 60 + cm
  })
}

export function meanHandlingSec(document: HallDocument, stats: HallStats, service: string): number {
  const prior = (document.services.find((s) => s.id === service)?.meanHandlingMinutes ?? 10) * 60
  const s = stats.services[service]
  if (!s) return prior
  return (s.handlingSecSum + HANDLING_PRIOR_WEIGHT * prior) / (s.completed + HANDLING_PRIOR_WEIGHT)
}

function oldestWaits(stats: HallStats, now: number): Map<string, number> {
  const oldest = new Map<string, number>()
  for (const t of stats.tickets.values()) {
    if (t.everCalled) continue
    const wait = (now - t.issuedAt) / 1000
    if (wait > (oldest.get(t.service) ?? 0)) oldest.set(t.service, wait)
  }
  return oldest
}

export function serviceViews(src: ViewSources): ServiceView[] {
  const { now, document, snapshot, stats, forecast, settings } = src
  const t = localTime(document.timezone, now)
  const slot = Math.floor(t.secondOfDay / SLOT_SEC)
  const fraction = (t.secondOfDay % SLOT_SEC) / SLOT_SEC
  const oldest = oldestWaits(stats, now)
  const aheadSlots = Math.max(1, Math.ceil(settings.lookAheadSec / SLOT_SEC))
  return document.services.map((svc) => {
    const observed = stats.services[svc.id]?.arrivals ?? []
    // Live rate: the current and previous slot (what has really been arriving lately).
    const recent = (observed[slot] ?? 0) + (observed[slot - 1] ?? 0)
    const live = (recent / ((1 + fraction) * SLOT_SEC)) * 3600
    let now_ = live
    let ahead = live
    const f = forecast?.[svc.id]
    if (f && f.some((x) => x > 0)) {
      const blended = blendWithToday(f, observed, slot, fraction).slots
      const perHour = (i: number): number => (blended[i] ?? 0) * (3600 / SLOT_SEC)
      now_ = 0.5 * live + 0.5 * perHour(slot)
      ahead = Math.max(...Array.from({ length: aheadSlots }, (_, k) => perHour(slot + 1 + k)))
    }
    return {
      id: svc.id,
      waiting: snapshot.services.find((s) => s.id === svc.id)?.waiting ?? 0,
      oldestWaitSec: oldest.get(svc.id) ?? 0,
      arrivalsPerHour: now_,
      arrivalsPerHourAhead: ahead,
      meanServiceSec: meanHandlingSec(document, stats, svc.id),
    }
  })
}

export function windowViews(document: HallDocument, snapshot: HallSnapshot): WindowView[] {
  return snapshot.windows.map((w) => ({
    id: w.id,
    status: w.status,
    busy: w.current !== null,
    since: w.since,
    services: [...(document.windows.find((d) => d.id === w.id)?.services ?? [])],
    ownQueue: w.queueLength,
  }))
}

export function controllerInput(src: ViewSources): ControllerInput {
  return {
    now: src.now,
    hallOpen: hallOpenAt(src.document, src.now),
    configured: Object.fromEntries(src.document.windows.map((w) => [w.id, [...w.services]])),
    windows: windowViews(src.document, src.snapshot),
    services: serviceViews(src),
    settings: src.settings,
    pendingWindows: src.pendingWindows,
  }
}

export function alarmInputs(
  input: ControllerInput,
  stats: HallStats,
  document: HallDocument,
  snapshot: HallSnapshot,
): { services: AlarmServiceInput[]; windows: AlarmWindowInput[] } {
  const services = new Map(input.services.map((s) => [s.id, s]))
  return {
    services: input.services.map((s) => {
      const supply = serviceSupply(s.id, input.windows, services)
      const prior = (document.services.find((d) => d.id === s.id)?.meanHandlingMinutes ?? 10) * 60
      return {
        id: s.id,
        waiting: s.waiting,
        openWindows: supply.openWindows,
        predictedWaitSec: supply.predictedWaitSec,
        usualHandlingSec: prior,
        recentHandlingSec: stats.services[s.id]?.recentHandlingSec ?? [],
      }
    }),
    windows: snapshot.windows.map((w) => ({ id: w.id, status: w.status, since: w.since, reason: w.reason })),
  }
}
