// Builds HallRuntime values for store tests directly, without the config compiler, so a store
// test depends only on the port and the domain types. Defaults are chosen so that nothing
// time-based (aging) happens unless a test asks for it.
import { NORMAL_CLASS } from '../../src/domain/types.ts'
import type {
  HallRules,
  HallRuntime,
  PriorityClassRuntime,
  ServiceMode,
  ServiceRuntime,
  WindowPolicy,
  WindowRuntime,
} from '../../src/domain/types.ts'

export interface ServiceSpec {
  id: string
  prefix?: string // default: the id's first letter, upper-cased
  mode?: ServiceMode
  digits?: number
  meanHandlingSec?: number
  dailyLimit?: number | null
}

export interface WindowSpec {
  id: string
  services: string[] // policy order
  policy?: Partial<WindowPolicy>
}

export interface HallSpec {
  services: ServiceSpec[]
  windows: WindowSpec[]
  classes?: PriorityClassRuntime[] // priority classes (normal is implicit)
  rules?: Partial<HallRules>
  timezone?: string
}

export const DEFAULT_POLICY: WindowPolicy = {
  mode: 'fifo',
  weights: {},
  maxConsecutivePriority: 2,
  agingSec: 7 * 24 * 3600, // a week: aging never fires unless a test lowers it
}

/** green (band 0) is called before appointment (band 1), normal is band 2. */
export const DEFAULT_CLASSES: PriorityClassRuntime[] = [
  { id: 'green', rank: 20 },
  { id: 'appointment', rank: 10 },
]

export const DEFAULT_RULES: HallRules = { maxRecalls: 2, noShowRequeue: 'tail', maxRequeues: 1 }

export function buildHallRuntime(hall: string, spec: HallSpec): HallRuntime {
  const services: Record<string, ServiceRuntime> = {}
  for (const s of spec.services) {
    services[s.id] = {
      id: s.id,
      prefix: s.prefix ?? s.id.charAt(0).toUpperCase(),
      mode: s.mode ?? 'shared',
      digits: s.digits ?? 3,
      meanHandlingSec: s.meanHandlingSec ?? 300,
      dailyLimit: s.dailyLimit ?? null,
      windows: spec.windows.filter((w) => w.services.includes(s.id)).map((w) => w.id),
    }
  }
  const windows: Record<string, WindowRuntime> = {}
  for (const w of spec.windows) {
    windows[w.id] = { id: w.id, services: [...w.services], policy: { ...DEFAULT_POLICY, ...w.policy } }
  }
  const classList = spec.classes ?? DEFAULT_CLASSES
  const classes: Record<string, PriorityClassRuntime> = {}
  for (const c of classList) classes[c.id] = { ...c }
  const byRank = [...classList].sort((a, b) => b.rank - a.rank).map((c) => c.id)
  return {
    hall,
    timezone: spec.timezone ?? 'Asia/Shanghai',
    services,
    serviceOrder: spec.services.map((s) => s.id),
    windows,
    windowOrder: spec.windows.map((w) => w.id),
    classes,
    classBands: [...byRank, NORMAL_CLASS],
    rules: { ...DEFAULT_RULES, ...spec.rules },
  }
}

/** An opaque document for configureHall: the store must keep and return it as given. */
export function hallDocument(hall: string, spec: HallSpec): Record<string, unknown> {
  return { id: hall, name: `测试大厅 ${hall}`, fixture: JSON.parse(JSON.stringify(spec)) }
}
