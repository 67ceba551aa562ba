// The allocation controller: run once a minute per hall, it checks whether the open windows cover
// what each service group and each pool of groups needs (capacity.ts) and proposes the smallest
// changes:
//   short → widen an open flexible (综合/全科) window to the short group's services, else open a
//           closed window (the group's own first, then a flexible one);
//   a window the hall could do without (even at a stricter level, `closeMargin`) for
//           `closeAfterSec` in a row → close it once it is idle.
// Safety rules hold for every proposal: never close a window with a ticket at it or tickets in its
// own queue, never leave a service with waiting tickets (or demand, while the hall is open) without
// an open window, never touch a window changed within `minDwellSec` or one with a pending proposal.
// Pure: the memory it needs between ticks is returned and fed back.

import { coverage, groupServiceLevel, type Coverage } from './capacity.ts'
import { buildGroups, pooledLoad, type Group } from './groups.ts'
import type {
  AllocAction,
  ControllerInput,
  ControllerMemory,
  ControllerOutput,
  GroupFigures,
  Proposal,
  ServiceView,
  WindowView,
} from './types.ts'

interface Ctx {
  input: ControllerInput
  groups: Group[]
  services: Map<string, ServiceView>
  windows: WindowView[] // the view as it would be after the proposals made so far
  memory: ControllerMemory
  touched: Set<string>
}

export function decide(input: ControllerInput, memory: ControllerMemory): ControllerOutput {
  const ctx: Ctx = {
    input,
    groups: buildGroups(
      input.configured,
      input.settings.flexible,
      input.services.map((s) => s.id),
    ),
    services: new Map(input.services.map((s) => [s.id, s])),
    windows: input.windows.map((w) => ({ ...w, services: [...w.services] })),
    memory: { lastChange: { ...memory.lastChange }, surplusSince: { ...memory.surplusSince } },
    touched: new Set(input.pendingWindows),
  }
  const groupsNow = figures(ctx, cover(ctx))
  const proposals: Proposal[] = []
  if (input.settings.mode === 'off') return { proposals, memory: ctx.memory, groups: groupsNow }
  const limit = input.settings.maxChangesPerTick

  while (proposals.length < limit) {
    const made = addCapacity(ctx, cover(ctx))
    if (!made) break
    proposals.push(made)
    commit(ctx, made.action)
  }

  // Closing: a window counts as spare once the hall is covered without it at the stricter level;
  // it must stay spare for closeAfterSec, then it closes as soon as it is idle.
  const closeOrder = [...ctx.windows].reverse().sort((a, b) => Number(isFlexible(ctx, a)) - Number(isFlexible(ctx, b)))
  for (const w of closeOrder) {
    const spare = proposals.length === 0 && w.status === 'open' && spareWindow(ctx, w.id)
    if (!spare) {
      delete ctx.memory.surplusSince[w.id]
      continue
    }
    const since = (ctx.memory.surplusSince[w.id] ??= input.now)
    if (input.now - since < input.settings.closeAfterSec * 1000 || proposals.length >= limit) continue
    const current = ctx.windows.find((x) => x.id === w.id)!
    if (current.busy || current.ownQueue > 0 || !free(ctx, current) || input.settings.keepOpen.includes(w.id)) continue
    const made = closeProposal(ctx, current)
    proposals.push(made)
    commit(ctx, made.action)
    delete ctx.memory.surplusSince[w.id]
  }
  return { proposals, memory: ctx.memory, groups: groupsNow }
}

const cover = (ctx: Ctx, level?: number): Coverage =>
  coverage(ctx.windows, ctx.groups, ctx.services, ctx.input.settings, ctx.input.hallOpen, level)

const isFlexible = (ctx: Ctx, w: WindowView): boolean => Object.hasOwn(ctx.input.settings.flexible, w.id)

function figures(ctx: Ctx, c: Coverage): GroupFigures[] {
  return c.groups.map(({ group, need, reach }) => {
    const q = pooledLoad(group, ctx.services, ctx.input.settings)
    return {
      group: group.key,
      services: group.services,
      arrivalsPerHour: Math.round(q.arrivalsPerHour * 10) / 10,
      meanServiceSec: Math.round(q.meanServiceSec),
      waiting: q.waiting,
      oldestWaitSec: Math.round(q.oldestWaitSec),
      supply: reach,
      need,
      serviceLevelNow: Math.round(groupServiceLevel(group, reach, ctx.services, ctx.input.settings) * 1000) / 1000,
    }
  })
}

function commit(ctx: Ctx, a: AllocAction): void {
  ctx.windows = applyAction(ctx.windows, a)
  ctx.touched.add(a.window)
  ctx.memory.lastChange[a.window] = ctx.input.now
}

export function applyAction(windows: WindowView[], a: AllocAction): WindowView[] {
  return windows.map((w) => {
    if (w.id !== a.window) return w
    if (a.kind === 'open') return { ...w, status: 'open' as const, services: [...a.services] }
    if (a.kind === 'close') return { ...w, status: 'closed' as const }
    return { ...w, services: [...a.services] }
  })
}

const free = (ctx: Ctx, w: WindowView): boolean =>
  !ctx.touched.has(w.id) &&
  ctx.input.now - (ctx.memory.lastChange[w.id] ?? -Infinity) >= ctx.input.settings.minDwellSec * 1000

/** A service that must keep an open window: someone waits, or the hall is open and people come. */
function mustCover(ctx: Pick<Ctx, 'services' | 'input'>, id: string): boolean {
  const s = ctx.services.get(id)
  if (!s) return false
  return s.waiting > 0 || (ctx.input.hallOpen && Math.max(s.arrivalsPerHour, s.arrivalsPerHourAhead) > 0)
}

/** Services that `trial` would leave without any open window although they must keep one. */
export function stranded(ctx: Pick<Ctx, 'services' | 'input'>, trial: WindowView[], among: string[]): string[] {
  return among.filter((s) => mustCover(ctx, s) && !trial.some((w) => w.status === 'open' && w.services.includes(s)))
}

const staffed = (windows: WindowView[]): number => windows.filter((w) => w.status !== 'closed').length

/** The action that removes the most shortfall (it must remove some), with its reason. */
function addCapacity(ctx: Ctx, c: Coverage): Proposal | null {
  if (c.shortfall === 0) return null
  const { flexible, maxStaffed } = ctx.input.settings
  const canOpen = maxStaffed === null || staffed(ctx.windows) < maxStaffed
  const short = new Set([
    ...c.groups.filter((g) => g.need > g.reach).flatMap((g) => g.group.services),
    ...c.pools.filter((p) => p.need > p.open).flatMap((p) => p.pool.services),
  ])
  const candidates: AllocAction[] = []
  for (const w of ctx.windows) {
    if (!free(ctx, w)) continue
    const skills = flexible[w.id]
    if (w.status === 'open' && skills) {
      const widened = skills.filter((s) => w.services.includes(s) || short.has(s))
      if (widened.length > w.services.length)
        candidates.push({ kind: 'reassign', window: w.id, from: [...w.services], services: widened })
    }
    if (w.status === 'closed' && canOpen) {
      const services = skills
        ? skills.filter((s) => short.has(s) || w.services.includes(s))
        : (ctx.input.configured[w.id] ?? [])
      if (services.some((s) => short.has(s))) candidates.push({ kind: 'open', window: w.id, services })
    }
  }
  // Widening costs no window-hours: it wins ties; fixed windows are opened before flexible ones.
  const cost = (a: AllocAction): number => (a.kind === 'reassign' ? 0 : flexible[a.window] ? 2 : 1)
  let best: { action: AllocAction; gain: number } | null = null
  for (const action of candidates) {
    const gain =
      c.shortfall -
      coverage(applyAction(ctx.windows, action), ctx.groups, ctx.services, ctx.input.settings, ctx.input.hallOpen)
        .shortfall
    if (gain <= 0) continue
    if (!best || gain > best.gain || (gain === best.gain && cost(action) < cost(best.action))) best = { action, gain }
  }
  if (!best) return null
  const worst = c.groups.filter((g) => g.need > g.reach).sort((a, b) => b.need - b.reach - (a.need - a.reach))[0]
  const pool = c.pools.find((p) => p.need > p.open)
  const why = worst
    ? `${worst.group.key}: 需要 ${worst.need} 个窗口，可用 ${worst.reach} / needs ${worst.need} windows, reaches ${worst.reach}`
    : `${pool!.pool.key}: 合计需要 ${pool!.need} 个窗口，开放 ${pool!.open} / pool needs ${pool!.need} windows, has ${pool!.open} open`
  const verb =
    best.action.kind === 'open'
      ? `开启窗口 ${best.action.window} / open window`
      : `调配窗口 ${best.action.window} / re-assign window`
  return {
    action: best.action,
    reason: `${why}；${verb} ${best.action.window} → ${'services' in best.action ? best.action.services.join(',') : ''}`,
    group: worst?.group.key ?? pool!.pool.key,
    figures: figures(ctx, c).filter((f) => (worst ? f.group === worst.group.key : pool!.groups.includes(f.group))),
  }
}

/** The hall stays covered at the stricter closing level without window `id`, stranding no one. */
function spareWindow(ctx: Ctx, id: string): boolean {
  const w = ctx.windows.find((x) => x.id === id)!
  const trial = applyAction(ctx.windows, { kind: 'close', window: id })
  if (stranded(ctx, trial, w.services).length > 0) return false
  const level = Math.min(0.995, ctx.input.settings.targetLevel + ctx.input.settings.closeMargin)
  return coverage(trial, ctx.groups, ctx.services, ctx.input.settings, ctx.input.hallOpen, level).shortfall === 0
}

function closeProposal(ctx: Ctx, w: WindowView): Proposal {
  const c = cover(ctx)
  const touched = c.groups.filter((g) => w.services.some((s) => g.group.services.includes(s)))
  const min = Math.round(ctx.input.settings.closeAfterSec / 60)
  const detail = touched.map((g) => `${g.group.key} ${g.reach}/${g.need}`).join(', ')
  return {
    action: { kind: 'close', window: w.id },
    reason: `窗口 ${w.id} 已空余 ${min} 分钟（可用/需要：${detail}），关闭 / window ${w.id} spare for ${min} min (reach/need: ${detail}); close it`,
    group: touched[0]?.group.key ?? '',
    figures: figures(ctx, c).filter((f) => touched.some((g) => g.group.key === f.group)),
  }
}
