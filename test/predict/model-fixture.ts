// A predictor model with fixed, hand-checkable numbers, and snapshot builders for the tests.
import type { PredictModel, PredictSnapshot, WaitingInput, WindowInput } from '../../src/domain/predict/types.ts'
import type { QueueId } from '../../src/domain/types.ts'

export const T0 = Date.parse('2026-03-09T02:00:00Z') // 10:00 in Shanghai
export const SEC = 1000

/** Every ticket takes exactly `handlingSec` (a lognormal so narrow it is a constant). */
export function fixedModel(handlingSec = 600, over: Partial<PredictModel> = {}): PredictModel {
  return {
    handling: () => ({ meanSec: handlingSec, sigma: 0.001 }),
    noShow: () => ({ rate: 0, meanSec: 60 }),
    gapSec: () => 0,
    abandonPerSec: () => 0,
    arrivalRate: () => null,
    arrivalHorizon: (now) => now + 86_400_000,
    plannedChanges: () => [],
    pauseRemainingSec: () => 600,
    ...over,
  }
}

export const open = (
  id: string,
  current: { service: string; elapsedSec: number; cls?: string } | null = null,
  consecutivePriority = 0,
): WindowInput => ({
  id,
  status: 'open',
  since: T0 - 3600 * SEC,
  consecutivePriority,
  current: current && {
    ticket: `cur-${id}`,
    service: current.service,
    class: current.cls ?? 'normal',
    calledAt: T0 - current.elapsedSec * SEC,
    serving: true,
  },
})

export const closed = (id: string): WindowInput => ({
  id,
  status: 'closed',
  since: T0 - 3600 * SEC,
  consecutivePriority: 0,
  current: null,
})

/** A waiting ticket that entered its queue `ageSec` before T0. */
export const waiting = (
  id: string,
  service: string,
  ageSec: number,
  cls = 'normal',
  queue: QueueId = `s:${service}`,
): WaitingInput => ({
  id,
  service,
  class: cls,
  queue,
  orderAt: T0 - ageSec * SEC,
})

export const snapshot = (windows: WindowInput[], tickets: WaitingInput[], now = T0): PredictSnapshot => ({
  now,
  windows,
  waiting: tickets,
})
