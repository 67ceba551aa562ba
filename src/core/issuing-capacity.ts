// Stops issuing a service before closing time when the tickets already waiting for it cannot be
// served before closing plus the hall's overtime (延时服务): a citizen should not get a number
// that will not be called today. The estimate is deliberately simple (mean handling time, the
// open windows serving the service, or all of its windows before any has opened); the daily
// limit stays the store's exact, atomic rule.
import type { HallDocument } from '../config/hall-document.ts'
import { nextDayOpening, remainingOpenSec, type IssuingStatus } from '../domain/calendar.ts'
import { QmsError } from '../domain/errors.ts'
import type { HallSnapshot, ServiceRuntime } from '../domain/types.ts'

export interface CapacityInput {
  doc: HallDocument
  service: ServiceRuntime
  snapshot: HallSnapshot
  now: number
  nextOpening: string | null
}

/** Seconds of work (per window) the service's queue needs, the new ticket included. */
export function queuedWorkSec(service: ServiceRuntime, snapshot: HallSnapshot): number {
  const s = snapshot.services.find((x) => x.id === service.id)
  const waiting = s?.waiting ?? 0
  const windows = s && s.openWindows > 0 ? s.openWindows : Math.max(1, service.windows.length)
  return ((waiting + 1) * service.meanHandlingSec) / windows
}

/** Whether a new ticket of the service can still be served today; open when the hall has no hours. */
export function capacityStatus(input: CapacityInput): IssuingStatus {
  const { doc } = input
  if (doc.hours === undefined || doc.hours.capacityCutoff === false) return { open: true }
  const left = remainingOpenSec(doc, input.now)
  if (left === null) return { open: true }
  const budget = left + doc.hours.overtimeMinutes * 60
  if (queuedWorkSec(input.service, input.snapshot) <= budget) return { open: true }
  const svc = doc.services.find((s) => s.id === input.service.id)
  const zh = `${svc?.name ?? input.service.id}今日号源已满（排队人数已到下班前可办理上限）`
  const en = `${svc?.nameEn ?? svc?.name ?? input.service.id} is full for today: the people waiting fill the time until closing`
  const next = input.nextOpening
  return {
    open: false,
    code: 'QMS_ERR_DAILY_LIMIT',
    message: next ? `${zh}，下次办理时间 ${next} / ${en}; next available at ${next}` : `${zh} / ${en}`,
    nextOpening: next,
  }
}

/** The store's daily-limit refusal, told in both languages with the next day the service runs. */
export function dailyLimitReached(doc: HallDocument, serviceId: string, now: number): QmsError {
  const svc = doc.services.find((s) => s.id === serviceId)
  const next = nextDayOpening(doc, serviceId, now)
  const zh = `${svc?.name ?? serviceId}今日号源已发完`
  const en = `${svc?.nameEn ?? svc?.name ?? serviceId} has no numbers left today`
  const message = next ? `${zh}，下次办理时间 ${next} / ${en}; next available at ${next}` : `${zh} / ${en}`
  return new QmsError('QMS_ERR_DAILY_LIMIT', message, { nextOpening: next, reason: 'daily-limit' })
}
