// The allocation engine of one core instance: once a minute per hall it folds the new queue events
// into today's statistics, runs the controller and the alarms, and either keeps proposals for a
// manager (advise) or applies them (auto). Every proposal, decision and alarm is an AllocEvent.
//
// State (settings, proposals, alarms, controller memory) is in this process: run the loop on one
// instance per hall (see docs/allocation.md, "Several core instances").

import { randomUUID } from 'node:crypto'
import type { HallService } from '../core/hall-service.ts'
import type { QueueService } from '../core/queue-service.ts'
import { diffAlarms, evaluateAlarms, type Alarm, type DeviceStatusInput } from '../domain/alloc/alarms.ts'
import { decide } from '../domain/alloc/controller.ts'
import { forecastDay } from '../domain/alloc/forecast.ts'
import { buildGroups } from '../domain/alloc/groups.ts'
import { staffingPlan, type StaffingPlan } from '../domain/alloc/plan.ts'
import { newHallStats } from '../domain/alloc/stats.ts'
import type { AllocSettings, GroupFigures } from '../domain/alloc/types.ts'
import { isQmsError, QmsError } from '../domain/errors.ts'
import type { QueueStore } from '../store/port.ts'
import { AllocLog, type StoredProposal } from './alloc-log.ts'
import { applyAction } from './apply-action.ts'
import { alarmInputs, controllerInput, meanHandlingSec } from './hall-view.ts'
import { type ArrivalHistorySource, loadForecastHistory } from './history-source.ts'
import { catchUp, newHallState, todaysForecast, type HallState } from './hall-state.ts'
import { validateSettings } from './settings.ts'

export interface EngineDeps {
  store: QueueStore
  halls: HallService
  queue: QueueService
  now?: () => number
  history?: ArrivalHistorySource
  /** Device online states for the offline alarm (the firmware bridge's registry). */
  devices?: (hall: string) => Promise<DeviceStatusInput[]>
}

const KEPT_PROPOSALS = 200

export class AllocationEngine {
  readonly log = new AllocLog()
  private readonly state = new Map<string, HallState>()
  private readonly now: () => number
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null

  constructor(private readonly deps: EngineDeps) {
    this.now = deps.now ?? Date.now
  }

  private hall(hall: string): HallState {
    let s = this.state.get(hall)
    if (!s) {
      s = newHallState()
      this.state.set(hall, s)
    }
    return s
  }

  async settings(hall: string): Promise<AllocSettings> {
    await this.deps.halls.load(hall)
    return this.hall(hall).settings
  }

  async setSettings(hall: string, change: Partial<AllocSettings>, by: string): Promise<AllocSettings> {
    const { document } = await this.deps.halls.load(hall)
    const next = validateSettings({ ...this.hall(hall).settings, ...change }, document)
    this.hall(hall).settings = next
    this.log.append({ type: 'alloc.settings', hall, at: this.now(), settings: next, by })
    return next
  }

  /** One controller round for a hall. */
  async tick(hall: string): Promise<{ proposals: StoredProposal[]; groups: GroupFigures[]; alarms: Alarm[] }> {
    const st = this.hall(hall)
    const now = this.now()
    const { document } = await this.deps.halls.load(hall)
    const stats = await catchUp(this.deps.store, hall, st, document.timezone, now)
    const snapshot = await this.deps.store.snapshot(hall, { now })
    const forecast = await todaysForecast(this.deps.history, hall, st, document, now)
    this.expire(st, now)
    const pendingWindows = [...st.proposals.values()].filter((p) => p.status === 'pending').map((p) => p.action.window)
    const input = controllerInput({ now, document, snapshot, stats, forecast, settings: st.settings, pendingWindows })
    const out = decide(input, st.memory)
    st.memory = out.memory
    st.groups = out.groups
    st.lastTickAt = now
    const made: StoredProposal[] = []
    for (const p of out.proposals) {
      const stored: StoredProposal = {
        ...p,
        id: randomUUID(),
        hall,
        at: now,
        mode: st.settings.mode === 'auto' ? 'auto' : 'advise',
        status: 'pending',
      }
      st.proposals.set(stored.id, stored)
      this.log.append({ type: 'alloc.proposed', hall, at: now, proposal: { ...stored } })
      if (stored.mode === 'auto') await this.carryOut(hall, stored, 'auto')
      made.push(stored)
    }
    this.trim(st)
    const devices = (await this.deps.devices?.(hall)) ?? []
    const alarmIn = alarmInputs(input, stats, document, snapshot)
    const diff = diffAlarms(st.alarms, evaluateAlarms({ now, settings: st.settings, ...alarmIn, devices }))
    st.alarms = diff.active
    for (const a of diff.raised) this.log.append({ type: 'alarm.raised', hall, at: now, alarm: a })
    for (const a of diff.cleared) this.log.append({ type: 'alarm.cleared', hall, at: now, alarm: a })
    return { proposals: made, groups: out.groups, alarms: [...diff.active.values()] }
  }

  async approve(hall: string, id: string, by: string): Promise<StoredProposal> {
    const p = this.pending(hall, id)
    await this.carryOut(hall, p, by)
    return p
  }

  async reject(hall: string, id: string, by: string): Promise<StoredProposal> {
    const p = this.pending(hall, id)
    Object.assign(p, { status: 'rejected', decidedBy: by, decidedAt: this.now() })
    this.log.append({ type: 'alloc.rejected', hall, at: this.now(), proposal: { ...p }, by })
    return p
  }

  async proposals(hall: string): Promise<StoredProposal[]> {
    await this.deps.halls.load(hall)
    const st = this.hall(hall)
    this.expire(st, this.now())
    return [...st.proposals.values()].sort((a, b) => b.at - a.at)
  }

  async status(
    hall: string,
  ): Promise<{ settings: AllocSettings; groups: GroupFigures[]; alarms: Alarm[]; lastTickAt: number | null }> {
    await this.deps.halls.load(hall)
    const st = this.hall(hall)
    return { settings: st.settings, groups: st.groups, alarms: [...st.alarms.values()], lastTickAt: st.lastTickAt }
  }

  /** The staffing plan of a day from the forecast (handling times: today's learnt means). */
  async plan(hall: string, date: string): Promise<StaffingPlan> {
    const { document } = await this.deps.halls.load(hall)
    const st = this.hall(hall)
    const services = document.services.map((s) => s.id)
    const history = this.deps.history
      ? await loadForecastHistory(this.deps.history, hall, document.timezone, date)
      : new Map()
    const forecast = forecastDay(history, document.hours, date, services)
    const stats = st.stats ?? newHallStats(document.timezone, st.settings.targetWaitSec)
    const means = Object.fromEntries(services.map((s) => [s, meanHandlingSec(document, stats, s)]))
    const configured = Object.fromEntries(document.windows.map((w) => [w.id, w.services]))
    return staffingPlan(date, forecast, buildGroups(configured, st.settings.flexible, services), means, st.settings)
  }

  /** Every `intervalMs`, a tick for every configured hall (in `off` mode only the alarms). */
  start(intervalMs = 60_000, onError: (hall: string, err: unknown) => void = () => {}): void {
    if (this.timer) return
    const round = async (): Promise<void> => {
      for (const hall of await this.deps.store.listHalls()) {
        await this.tick(hall).catch((err) => onError(hall, err))
      }
    }
    this.timer = setInterval(() => {
      if (!this.running)
        this.running = round()
          .catch(() => {})
          .finally(() => (this.running = null))
    }, intervalMs)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.running
  }

  private pending(hall: string, id: string): StoredProposal {
    const st = this.hall(hall)
    this.expire(st, this.now())
    const p = st.proposals.get(id)
    if (!p) throw new QmsError('QMS_ERR_NOT_FOUND', `proposal "${id}" not found`, { proposal: id })
    if (p.status !== 'pending')
      throw new QmsError('QMS_ERR_INVALID_TRANSITION', `proposal is ${p.status}`, { status: p.status })
    return p
  }

  private async carryOut(hall: string, p: StoredProposal, by: string): Promise<void> {
    try {
      await applyAction({ ...this.deps, now: this.now }, hall, p.action)
      Object.assign(p, { status: 'applied', decidedBy: by, decidedAt: this.now() })
      this.hall(hall).memory.lastChange[p.action.window] = this.now()
      this.log.append({ type: 'alloc.applied', hall, at: this.now(), proposal: { ...p }, by })
    } catch (err) {
      const error = isQmsError(err)
        ? { code: err.code, message: err.message }
        : { code: 'QMS_ERR_INTERNAL', message: 'failed' }
      Object.assign(p, { status: 'failed', decidedBy: by, decidedAt: this.now(), error })
      this.log.append({ type: 'alloc.failed', hall, at: this.now(), proposal: { ...p }, by })
      if (!isQmsError(err)) throw err
    }
  }

  private expire(st: HallState, now: number): void {
    for (const p of st.proposals.values()) {
      if (p.status === 'pending' && now - p.at > st.settings.proposalTtlSec * 1000) {
        Object.assign(p, { status: 'expired', decidedAt: now })
        this.log.append({ type: 'alloc.expired', hall: p.hall, at: now, proposal: { ...p } })
      }
    }
  }

  private trim(st: HallState): void {
    const done = [...st.proposals.values()].filter((p) => p.status !== 'pending').sort((a, b) => a.at - b.at)
    for (const p of done.slice(0, Math.max(0, st.proposals.size - KEPT_PROPOSALS))) st.proposals.delete(p.id)
  }
}
