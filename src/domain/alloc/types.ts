// Inputs and outputs of the allocation controller. Pure data.

import type { WindowStatus } from '../types.ts'

export type AllocMode = 'off' | 'advise' | 'auto'

export interface AllocSettings {
  mode: AllocMode
  targetWaitSec: number // the hall's target wait (e.g. 15 minutes)
  targetLevel: number // share to call within it (e.g. 0.8)
  /** Windows the controller may re-assign, with every service each may serve (综合/全科 windows). */
  flexible: Record<string, string[]>
  /** Windows the controller never closes (e.g. the 咨询 desk). */
  keepOpen: string[]
  /** Staff available: open + paused windows never exceed it (null: every configured window). */
  maxStaffed: number | null
  minDwellSec: number // a window changed by the controller is left alone this long
  closeAfterSec: number // a surplus must last this long before a window closes
  /** Extra service level a group must still reach without the window before one closes. */
  closeMargin: number
  maxChangesPerTick: number
  lookAheadSec: number // staff for the busiest of now and this far ahead
  patienceMeanSec: number | null // Erlang A when set
  maxPauseSec: number // 离岗超时 alarm
  handlingAlarmFactor: number // recent handling ÷ usual beyond this → alarm
  proposalTtlSec: number // a pending proposal nobody approved expires
}

export const DEFAULT_SETTINGS: AllocSettings = {
  mode: 'advise',
  targetWaitSec: 900,
  targetLevel: 0.8,
  flexible: {},
  keepOpen: [],
  maxStaffed: null,
  minDwellSec: 900,
  closeAfterSec: 300,
  closeMargin: 0.05,
  maxChangesPerTick: 2,
  lookAheadSec: 1800,
  patienceMeanSec: null,
  maxPauseSec: 1800,
  handlingAlarmFactor: 1.5,
  proposalTtlSec: 300,
}

/** A window as the controller sees it. */
export interface WindowView {
  id: string
  status: WindowStatus
  busy: boolean // has a called or serving ticket
  since: number // epoch ms of its last status change
  services: string[] // what it serves now
  ownQueue: number // tickets waiting in its own queue
}

/** A service as the controller sees it. */
export interface ServiceView {
  id: string
  waiting: number
  oldestWaitSec: number
  arrivalsPerHour: number // demand now (forecast blended with today's rate)
  arrivalsPerHourAhead: number // the busiest forecast rate within lookAheadSec
  meanServiceSec: number // learnt handling time (configured prior until learnt)
}

export interface ControllerInput {
  now: number
  hallOpen: boolean // issuing is possible (outside hours only the backlog counts)
  /** Each window's configured services (the hall document): fixed windows never change them. */
  configured: Record<string, string[]>
  windows: WindowView[]
  services: ServiceView[]
  settings: AllocSettings
  /** Windows with a proposal still waiting for a manager: left alone. */
  pendingWindows: string[]
}

/** What the controller remembers between ticks (returned and fed back). */
export interface ControllerMemory {
  lastChange: Record<string, number> // window → epoch ms of the last change it made there
  surplusSince: Record<string, number> // window → since when the hall could do without it
}

export const emptyMemory = (): ControllerMemory => ({ lastChange: {}, surplusSince: {} })

export type AllocAction =
  | { kind: 'open'; window: string; services: string[] }
  | { kind: 'close'; window: string }
  | { kind: 'reassign'; window: string; from: string[]; services: string[] }

/** The figures behind a decision, kept with the proposal so a manager sees why. */
export interface GroupFigures {
  group: string
  services: string[]
  arrivalsPerHour: number
  meanServiceSec: number
  waiting: number
  oldestWaitSec: number
  supply: number // windows' worth serving it now
  need: number // windows the staffing model asks for
  serviceLevelNow: number // predicted share within target with the current supply
}

export interface Proposal {
  action: AllocAction
  reason: string // zh-CN / en
  group: string
  figures: GroupFigures[]
}

export interface ControllerOutput {
  proposals: Proposal[]
  memory: ControllerMemory
  groups: GroupFigures[]
}
