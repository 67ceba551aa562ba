// Service groups and their figures. Services that fixed (non-flexible) windows serve together form
// one group: the hall pools them already, so they are staffed as one queue (Erlang on the pooled
// arrivals). A service only flexible windows serve is a group of its own.

import { serviceLevelFractional, staffFor, type QueueLoad } from './erlang.ts'
import type { AllocSettings, GroupFigures, ServiceView, WindowView } from './types.ts'

export interface Group {
  key: string
  services: string[]
}

export function buildGroups(
  configured: Record<string, string[]>,
  flexible: Record<string, string[]>,
  services: string[],
): Group[] {
  const parent = new Map(services.map((s) => [s, s]))
  const find = (s: string): string => {
    let r = s
    while (parent.get(r) !== r) r = parent.get(r)!
    return r
  }
  for (const [w, list] of Object.entries(configured)) {
    if (Object.hasOwn(flexible, w)) continue
    const known = list.filter((s) => parent.has(s))
    for (const s of known.slice(1)) parent.set(find(s), find(known[0]!))
  }
  const byRoot = new Map<string, string[]>()
  for (const s of services) byRoot.set(find(s), [...(byRoot.get(find(s)) ?? []), s])
  return [...byRoot.values()].map((list) => ({ key: list.join('+'), services: list }))
}

/** Busy windows' worth a service represents (its weight when a window is shared). */
const loadOf = (s: ServiceView): number =>
  (Math.max(s.arrivalsPerHour, s.arrivalsPerHourAhead) / 3600) * s.meanServiceSec + 0.01

/** How much of window `w` goes to each group: in proportion to the load of the services it serves. */
export function windowShares(w: WindowView, groups: Group[], services: Map<string, ServiceView>): Map<string, number> {
  const weights = new Map<string, number>()
  let total = 0
  for (const g of groups) {
    let weight = 0
    for (const s of g.services) if (w.services.includes(s)) weight += loadOf(services.get(s)!)
    if (weight > 0) weights.set(g.key, weight)
    total += weight
  }
  for (const [k, v] of weights) weights.set(k, v / total)
  return weights
}

export function supplyOf(
  group: Group,
  windows: WindowView[],
  groups: Group[],
  services: Map<string, ServiceView>,
): number {
  let supply = 0
  for (const w of windows) if (w.status === 'open') supply += windowShares(w, groups, services).get(group.key) ?? 0
  return supply
}

/** The group as one pooled queue: arrivals add up; handling time is their load-weighted mean. */
export function pooledLoad(
  group: Group,
  services: Map<string, ServiceView>,
  settings: AllocSettings,
): QueueLoad & { waiting: number; oldestWaitSec: number } {
  let rate = 0
  let work = 0
  let waiting = 0
  let oldest = 0
  let meanSum = 0
  for (const id of group.services) {
    const s = services.get(id)!
    const r = Math.max(s.arrivalsPerHour, s.arrivalsPerHourAhead)
    rate += r
    work += r * s.meanServiceSec
    meanSum += s.meanServiceSec
    waiting += s.waiting
    oldest = Math.max(oldest, s.oldestWaitSec)
  }
  const meanServiceSec = rate > 0 ? work / rate : meanSum / group.services.length
  return {
    arrivalsPerHour: rate,
    meanServiceSec,
    ...(settings.patienceMeanSec !== null && { patienceMeanSec: settings.patienceMeanSec }),
    waiting,
    oldestWaitSec: oldest,
  }
}

/**
 * Windows the group needs: the most of (a) Erlang C/A for its arrival rate at the target,
 * (b) enough to call everyone already waiting within the target wait, (c) one while the hall is
 * open and the group has demand, or while anyone waits.
 */
export function needOf(
  group: Group,
  services: Map<string, ServiceView>,
  settings: AllocSettings,
  hallOpen: boolean,
  level = settings.targetLevel,
): number {
  const q = pooledLoad(group, services, settings)
  // Outside opening hours nobody new comes: only those already waiting count.
  const erlang =
    hallOpen && q.arrivalsPerHour > 0
      ? staffFor(q, { waitSec: settings.targetWaitSec, level: Math.min(0.995, level) }, 1).servers
      : 0
  const backlog = Math.ceil((q.waiting * q.meanServiceSec) / settings.targetWaitSec - 1e-9)
  const floor = q.waiting > 0 || (hallOpen && q.arrivalsPerHour > 0) ? 1 : 0
  return Math.max(erlang, backlog, floor)
}

export function figuresOf(
  group: Group,
  windows: WindowView[],
  groups: Group[],
  services: Map<string, ServiceView>,
  settings: AllocSettings,
  hallOpen: boolean,
): GroupFigures {
  const q = pooledLoad(group, services, settings)
  const supply = supplyOf(group, windows, groups, services)
  return {
    group: group.key,
    services: group.services,
    arrivalsPerHour: round(q.arrivalsPerHour, 1),
    meanServiceSec: Math.round(q.meanServiceSec),
    waiting: q.waiting,
    oldestWaitSec: Math.round(q.oldestWaitSec),
    supply: round(supply, 2),
    need: needOf(group, services, settings, hallOpen),
    serviceLevelNow: round(serviceLevelFractional(supply, q, settings.targetWaitSec), 3),
  }
}

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits

/** Windows' worth serving one service now (a shared window split by load), and the wait a ticket
 *  issued now would have: everyone ahead shared over that capacity. */
export function serviceSupply(
  id: string,
  windows: WindowView[],
  services: Map<string, ServiceView>,
): { supply: number; openWindows: number; predictedWaitSec: number } {
  let supply = 0
  let openWindows = 0
  for (const w of windows) {
    if (w.status !== 'open' || !w.services.includes(id)) continue
    openWindows++
    const total = w.services.reduce((sum, s) => sum + (services.has(s) ? loadOf(services.get(s)!) : 0), 0)
    supply += total > 0 ? loadOf(services.get(id)!) / total : 1 / w.services.length
  }
  const s = services.get(id)!
  const predictedWaitSec = s.waiting === 0 ? 0 : supply > 0 ? (s.waiting * s.meanServiceSec) / supply : Infinity
  return { supply, openWindows, predictedWaitSec }
}
