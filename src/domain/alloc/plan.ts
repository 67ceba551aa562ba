// A staffing plan for a day from its forecast: per 15-minute slot, the windows each service and
// each service group needs (Erlang C/A on the modified offered load), and a CSV export.

import { staffFor } from './erlang.ts'
import type { ServiceForecast } from './forecast.ts'
import type { Group } from './groups.ts'
import { lognormalSurvival, modifiedOfferedLoad, SLOT_SEC } from './offered-load.ts'
import type { AllocSettings } from './types.ts'

export interface PlanCell {
  arrivals: number // expected tickets in the slot
  load: number // modified offered load (busy windows)
  windows: number
}

export interface PlanSlot {
  slot: number
  time: string // hall-local HH:MM of the slot start
  groups: Record<string, PlanCell>
  services: Record<string, PlanCell>
  totalWindows: number // sum over groups: what the hall should staff
}

export interface StaffingPlan {
  date: string
  targetWaitSec: number
  targetLevel: number
  slots: PlanSlot[] // only slots with demand
}

/** Handling times in halls have a long right tail; the plan's offered load uses this spread. */
export const PLAN_HANDLING_SIGMA = 0.6

const timeOf = (slot: number): string => {
  const m = (slot * SLOT_SEC) / 60
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
}

function windowsFor(
  load: number,
  meanServiceSec: number,
  settings: Pick<AllocSettings, 'targetWaitSec' | 'targetLevel' | 'patienceMeanSec'>,
): number {
  if (load <= 1e-6) return 0
  const q = {
    arrivalsPerHour: (load / meanServiceSec) * 3600,
    meanServiceSec,
    ...(settings.patienceMeanSec !== null && { patienceMeanSec: settings.patienceMeanSec }),
  }
  return staffFor(q, { waitSec: settings.targetWaitSec, level: settings.targetLevel }, 1).servers
}

export function staffingPlan(
  date: string,
  forecast: Record<string, Pick<ServiceForecast, 'slots'>>,
  groups: Group[],
  meanServiceSec: Record<string, number>,
  settings: Pick<AllocSettings, 'targetWaitSec' | 'targetLevel' | 'patienceMeanSec'>,
): StaffingPlan {
  const loads: Record<string, number[]> = {}
  for (const [s, f] of Object.entries(forecast)) {
    loads[s] = modifiedOfferedLoad(f.slots, lognormalSurvival(meanServiceSec[s] ?? 600, PLAN_HANDLING_SIGMA))
  }
  const slotCount = Math.max(0, ...Object.values(forecast).map((f) => f.slots.length))
  const slots: PlanSlot[] = []
  for (let i = 0; i < slotCount; i++) {
    const services: Record<string, PlanCell> = {}
    for (const s of Object.keys(forecast)) {
      const load = loads[s]![i] ?? 0
      services[s] = {
        arrivals: forecast[s]!.slots[i] ?? 0,
        load,
        windows: windowsFor(load, meanServiceSec[s] ?? 600, settings),
      }
    }
    const groupCells: Record<string, PlanCell> = {}
    let total = 0
    for (const g of groups) {
      const members = g.services.filter((s) => services[s])
      const arrivals = members.reduce((sum, s) => sum + services[s]!.arrivals, 0)
      const load = members.reduce((sum, s) => sum + services[s]!.load, 0)
      // Pooled handling time: weighted by each service's share of the load.
      const busy = members.reduce((sum, s) => sum + services[s]!.load / (meanServiceSec[s] ?? 600), 0)
      const windows = busy > 0 ? windowsFor(load, load / busy, settings) : 0
      groupCells[g.key] = { arrivals, load, windows }
      total += windows
    }
    if (total > 0 || Object.values(services).some((c) => c.arrivals > 0)) {
      slots.push({ slot: i, time: timeOf(i), groups: groupCells, services, totalWindows: total })
    }
  }
  return { date, targetWaitSec: settings.targetWaitSec, targetLevel: settings.targetLevel, slots }
}

const csvField = (v: string): string => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)

/** One row per slot and group (service `*`) and per slot and service. */
export function planCsv(plan: StaffingPlan): string {
  const rows = ['date,time,group,service,arrivals,offered_load,windows']
  for (const s of plan.slots) {
    for (const [g, c] of Object.entries(s.groups)) {
      rows.push(
        [plan.date, s.time, csvField(g), '*', c.arrivals.toFixed(1), c.load.toFixed(2), String(c.windows)].join(','),
      )
      for (const svc of g.split('+')) {
        const sc = s.services[svc]
        if (sc)
          rows.push(
            [
              plan.date,
              s.time,
              csvField(g),
              csvField(svc),
              sc.arrivals.toFixed(1),
              sc.load.toFixed(2),
              String(sc.windows),
            ].join(','),
          )
      }
    }
  }
  return rows.join('\n') + '\n'
}
