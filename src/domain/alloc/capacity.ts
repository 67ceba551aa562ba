// Whether the open windows cover what the hall needs. Two conditions, both needed:
//  1. each service group can reach enough windows: the open windows serving any of its services
//     are at least what Erlang asks for the group alone;
//  2. each pool (services linked through open windows that serve several of them, e.g. 全科
//     windows) has enough windows in all: its open windows are at least what Erlang asks for the
//     pooled arrivals.
// (1) alone ignores that a 全科 window is shared; (2) alone pretends a fixed window could serve
// anyone. Together they check the group and the whole pool (the two ends of Hall's condition for
// serving every group) without enumerating every subset.

import { serviceLevel } from './erlang.ts'
import { needOf, pooledLoad, type Group } from './groups.ts'
import type { AllocSettings, ServiceView, WindowView } from './types.ts'

export interface GroupCover {
  group: Group
  need: number
  reach: number // open windows serving at least one of its services
}

export interface PoolCover {
  pool: Group // services of the pool, as one group
  groups: string[]
  need: number
  open: number
}

export interface Coverage {
  groups: GroupCover[]
  pools: PoolCover[]
  /** Windows missing, summed over groups and pools (0: covered). */
  shortfall: number
}

const servesAny = (w: WindowView, services: string[]): boolean =>
  w.status === 'open' && w.services.some((s) => services.includes(s))

export function coverage(
  windows: WindowView[],
  groups: Group[],
  services: Map<string, ServiceView>,
  settings: AllocSettings,
  hallOpen: boolean,
  level = settings.targetLevel,
): Coverage {
  const groupCovers = groups.map((g) => ({
    group: g,
    need: needOf(g, services, settings, hallOpen, level),
    reach: windows.filter((w) => servesAny(w, g.services)).length,
  }))
  // Pools: groups joined by an open window serving services of both.
  const parent = groups.map((_, i) => i)
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)))
  for (const w of windows) {
    if (w.status !== 'open') continue
    const touched = groups
      .map((g, i) => (w.services.some((s) => g.services.includes(s)) ? i : -1))
      .filter((i) => i >= 0)
    for (const i of touched.slice(1)) parent[find(i)] = find(touched[0]!)
  }
  const members = new Map<number, number[]>()
  groups.forEach((_, i) => members.set(find(i), [...(members.get(find(i)) ?? []), i]))
  const pools: PoolCover[] = []
  for (const idx of members.values()) {
    if (idx.length < 2) continue // a single group is already checked by (1)
    const pool: Group = {
      key: idx.map((i) => groups[i]!.key).join('|'),
      services: idx.flatMap((i) => groups[i]!.services),
    }
    pools.push({
      pool,
      groups: idx.map((i) => groups[i]!.key),
      need: needOf(pool, services, settings, hallOpen, level),
      open: windows.filter((w) => servesAny(w, pool.services)).length,
    })
  }
  // A window added for a short group also counts for its pool, so a pool is short only by what
  // remains once its groups have what they lack.
  const groupShort = new Map(groupCovers.map((c) => [c.group.key, Math.max(0, c.need - c.reach)]))
  const shortfall =
    [...groupShort.values()].reduce((s, x) => s + x, 0) +
    pools.reduce((s, p) => s + Math.max(0, p.need - p.open - p.groups.reduce((t, g) => t + groupShort.get(g)!, 0)), 0)
  return { groups: groupCovers, pools, shortfall }
}

/** Predicted share within target for a group that reaches `windows` windows (for managers). */
export function groupServiceLevel(
  g: Group,
  windows: number,
  services: Map<string, ServiceView>,
  settings: AllocSettings,
): number {
  return serviceLevel(windows, pooledLoad(g, services, settings), settings.targetWaitSec)
}
