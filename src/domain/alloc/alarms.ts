// Alarms for the manager view. evaluateAlarms says what is wrong now; diffAlarms turns two
// evaluations into raised/cleared events, so an alarm is announced once and cleared once.

import type { AllocSettings } from './types.ts'

export type AlarmKind =
  'wait-over-target' | 'pause-too-long' | 'handling-over-usual' | 'device-offline' | 'stranded-queue'

export interface Alarm {
  key: string // kind + subject: stable while the condition lasts
  kind: AlarmKind
  severity: 'warning' | 'critical'
  service?: string
  window?: string
  device?: string
  message: string // zh-CN / en
  figures: Record<string, number>
  since: number // epoch ms the condition was first seen
}

export interface AlarmServiceInput {
  id: string
  waiting: number
  openWindows: number // open windows serving it
  predictedWaitSec: number // for a ticket issued now (Infinity when nobody serves it)
  usualHandlingSec: number // history, or the configured mean until there is history
  recentHandlingSec: number[] // the last completed services, newest last
}

export interface AlarmWindowInput {
  id: string
  status: 'open' | 'paused' | 'closed'
  since: number
  reason: string | null
}

export interface DeviceStatusInput {
  id: string
  online: boolean
  since: number // epoch ms of the last status change
  window?: string
}

export interface AlarmInput {
  now: number
  settings: Pick<AllocSettings, 'targetWaitSec' | 'maxPauseSec' | 'handlingAlarmFactor'>
  services: AlarmServiceInput[]
  windows: AlarmWindowInput[]
  devices: DeviceStatusInput[]
}

/** Handling alarms need this many recent services: one long case is not a trend. */
export const MIN_HANDLING_SAMPLES = 5
/** A device that drops for a few seconds (Wi-Fi roaming) is not offline yet. */
export const DEVICE_OFFLINE_GRACE_SEC = 60

const min = (sec: number): number => Math.round(sec / 60)

export function evaluateAlarms(input: AlarmInput): Alarm[] {
  const { now, settings } = input
  const out: Alarm[] = []
  for (const s of input.services) {
    if (s.waiting > 0 && s.openWindows === 0) {
      out.push({
        key: `stranded-queue:${s.id}`,
        kind: 'stranded-queue',
        severity: 'critical',
        service: s.id,
        message: `${s.id}: ${s.waiting} 人等候但没有开放窗口 / ${s.waiting} waiting and no open window serves it`,
        figures: { waiting: s.waiting },
        since: now,
      })
    } else if (s.waiting > 0 && s.predictedWaitSec > settings.targetWaitSec) {
      out.push({
        key: `wait-over-target:${s.id}`,
        kind: 'wait-over-target',
        severity: s.predictedWaitSec > 2 * settings.targetWaitSec ? 'critical' : 'warning',
        service: s.id,
        message: `${s.id}: 预计等候 ${min(s.predictedWaitSec)} 分钟，超过目标 ${min(settings.targetWaitSec)} 分钟 / predicted wait ${min(s.predictedWaitSec)} min over the ${min(settings.targetWaitSec)} min target`,
        figures: {
          predictedWaitSec: Math.round(s.predictedWaitSec),
          targetWaitSec: settings.targetWaitSec,
          waiting: s.waiting,
          openWindows: s.openWindows,
        },
        since: now,
      })
    }
    const recent = s.recentHandlingSec
    if (recent.length >= MIN_HANDLING_SAMPLES && s.usualHandlingSec > 0) {
      const mean = recent.reduce((a, b) => a + b, 0) / recent.length
      if (mean > settings.handlingAlarmFactor * s.usualHandlingSec) {
        out.push({
          key: `handling-over-usual:${s.id}`,
          kind: 'handling-over-usual',
          severity: 'warning',
          service: s.id,
          message: `${s.id}: 最近 ${recent.length} 笔平均办理 ${min(mean)} 分钟，通常 ${min(s.usualHandlingSec)} 分钟 / last ${recent.length} took ${min(mean)} min on average, usually ${min(s.usualHandlingSec)} min`,
          figures: {
            recentMeanSec: Math.round(mean),
            usualSec: Math.round(s.usualHandlingSec),
            samples: recent.length,
          },
          since: now,
        })
      }
    }
  }
  for (const w of input.windows) {
    const paused = (now - w.since) / 1000
    if (w.status === 'paused' && paused > settings.maxPauseSec) {
      out.push({
        key: `pause-too-long:${w.id}`,
        kind: 'pause-too-long',
        severity: 'warning',
        window: w.id,
        message: `窗口 ${w.id} 暂停 ${min(paused)} 分钟（离岗超时）/ window ${w.id} paused for ${min(paused)} min (over ${min(settings.maxPauseSec)})`,
        figures: { pausedSec: Math.round(paused), maxPauseSec: settings.maxPauseSec },
        since: w.since + settings.maxPauseSec * 1000,
      })
    }
  }
  for (const d of input.devices) {
    if (!d.online && now - d.since >= DEVICE_OFFLINE_GRACE_SEC * 1000) {
      out.push({
        key: `device-offline:${d.id}`,
        kind: 'device-offline',
        severity: 'warning',
        device: d.id,
        ...(d.window !== undefined && { window: d.window }),
        message: `设备 ${d.id} 离线 ${min((now - d.since) / 1000)} 分钟 / device ${d.id} offline for ${min((now - d.since) / 1000)} min`,
        figures: { offlineSec: Math.round((now - d.since) / 1000) },
        since: d.since,
      })
    }
  }
  return out
}

export interface AlarmDiff {
  raised: Alarm[]
  cleared: Alarm[]
  active: Map<string, Alarm>
}

/** Compares with the alarms active before: new keys are raised, vanished keys cleared; an alarm
 *  that goes on keeps its first `since` but shows the latest figures. */
export function diffAlarms(active: ReadonlyMap<string, Alarm>, current: Alarm[]): AlarmDiff {
  const next = new Map<string, Alarm>()
  const raised: Alarm[] = []
  for (const a of current) {
    const before = active.get(a.key)
    if (before) next.set(a.key, { ...a, since: before.since })
    else {
      next.set(a.key, a)
      raised.push(a)
    }
  }
  const cleared = [...active.values()].filter((a) => !next.has(a.key))
  return { raised, cleared, active: next }
}
