// The rules a booking, change or cancellation must satisfy, apart from capacity and the one
// booking per person (checked under the slot lock). Pure: the clock and the rows are arguments.
import type { AppointmentsConfig, HallDocument } from '../config/hall-document.ts'
import { addDays, businessDate } from '../domain/calendar.ts'
import { QmsError } from '../domain/errors.ts'
import { slotsOn, type Slot } from './slots.ts'
import { epochOf } from './zoned-time.ts'

const DAY_MS = 86_400_000

export interface PlannedSlot extends Slot {
  date: string
  startsAt: number
  checkInFrom: number
  checkInUntil: number
}

/** The hall's booking rules, or QMS_ERR_SERVICE_UNAVAILABLE when the hall takes no bookings for the service. */
export function bookingConfig(doc: HallDocument, service: string): AppointmentsConfig {
  const cfg = doc.appointments
  if (!doc.services.some((s) => s.id === service)) {
    throw new QmsError('QMS_ERR_SERVICE_NOT_FOUND', `unknown service "${service}"`, { service })
  }
  if (!cfg || !Object.hasOwn(cfg.services, service)) {
    throw new QmsError('QMS_ERR_SERVICE_UNAVAILABLE', '该业务不提供预约 / this service cannot be booked', { service })
  }
  return cfg
}

/** The slot starting at `start` on `date`, if it may be booked now (in the horizon, not started). */
export function bookableSlot(
  doc: HallDocument,
  service: string,
  date: string,
  start: string,
  now: number,
): PlannedSlot {
  const cfg = bookingConfig(doc, service)
  const today = businessDate(doc.timezone, now)
  if (date < today || date > addDays(today, cfg.bookDaysAhead)) {
    throw new QmsError(
      'QMS_ERR_SLOT_UNAVAILABLE',
      `只能预约今天起 ${cfg.bookDaysAhead} 天内的时段 / bookings are open for today and the next ${cfg.bookDaysAhead} days`,
      { date },
    )
  }
  const slot = slotsOn(doc, service, date).find((s) => s.start === start)
  if (!slot || slot.capacity === 0) {
    throw new QmsError('QMS_ERR_SLOT_UNAVAILABLE', '该时段不可预约 / this time slot is not offered', {
      date,
      slot: start,
    })
  }
  const planned = plan(doc, cfg, date, slot)
  if (planned.startsAt <= now) {
    throw new QmsError('QMS_ERR_SLOT_UNAVAILABLE', '该时段已开始 / this time slot has already started', {
      date,
      slot: start,
    })
  }
  return planned
}

export function plan(doc: HallDocument, cfg: AppointmentsConfig, date: string, slot: Slot): PlannedSlot {
  const startsAt = epochOf(doc.timezone, date, slot.startMinute)
  return {
    ...slot,
    date,
    startsAt,
    checkInFrom: startsAt - cfg.checkIn.earlyMinutes * 60_000,
    checkInUntil: startsAt + cfg.checkIn.lateMinutes * 60_000,
  }
}

/** Changing or cancelling is allowed until `changeMinutes` before the slot. */
export function requireBeforeDeadline(cfg: AppointmentsConfig, startsAt: number, now: number): void {
  const deadline = startsAt - cfg.changeMinutes * 60_000
  if (now > deadline) {
    throw new QmsError(
      'QMS_ERR_CHANGE_DEADLINE',
      `预约开始前 ${cfg.changeMinutes} 分钟内不能修改或取消 / an appointment cannot be changed or cancelled within ${cfg.changeMinutes} minutes of its start`,
      { deadline: new Date(deadline).toISOString() },
    )
  }
}

/** When a person with these no-shows (latest first, already limited to `withinDays`) may book again; null if now. */
export function restrictedUntil(cfg: AppointmentsConfig, noShows: Date[], now: number): number | null {
  const { limit, restrictDays } = cfg.noShow
  if (limit === 0 || noShows.length < limit) return null
  const until = noShows[0]!.getTime() + restrictDays * DAY_MS
  return until > now ? until : null
}

export const noShowWindowStart = (cfg: AppointmentsConfig, now: number): Date =>
  new Date(now - cfg.noShow.withinDays * DAY_MS)
