// The hall calendar: business dates, hall-local time and whether a ticket may be issued now.
// Pure (the clock is an argument); hall-local time comes from Intl, so no tz library is needed.
// Weekly hours are wall-clock times; dates are computed as plain calendar days (no DST arithmetic).

import type { HallDocument, HallHours, Period, ServiceConfig, Weekday } from '../config/hall-document.ts'
import { QmsError } from './errors.ts'
import { isoInZone } from './iso-time.ts'

const WEEKDAY_BY_INDEX: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']
/** How far ahead nextOpening looks (a long holiday such as 春节 is 9 days). */
export const NEXT_OPENING_SEARCH_DAYS = 31

export interface LocalTime {
  date: string // YYYY-MM-DD
  time: string // HH:MM
  secondOfDay: number
  weekday: Weekday
}

const formatters = new Map<string, Intl.DateTimeFormat>()
function formatterFor(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timezone, f)
  }
  return f
}

export function isValidTimezone(timezone: string): boolean {
  try {
    formatterFor(timezone)
    return true
  } catch {
    return false
  }
}

/** The wall clock of the hall at `nowMs` (read off isoInZone, which avoids Intl on the hot path). */
export function localTime(timezone: string, nowMs: number): LocalTime {
  formatterFor(timezone) // an unknown zone throws here, as it always did
  const iso = isoInZone(nowMs, timezone) // YYYY-MM-DDTHH:MM:SS[.mmm]±hh:mm
  const date = iso.slice(0, 10)
  const [h, m, s] = [Number(iso.slice(11, 13)), Number(iso.slice(14, 16)), Number(iso.slice(17, 19))]
  return { date, time: iso.slice(11, 16), secondOfDay: h * 3600 + m * 60 + s, weekday: weekdayOf(date) }
}

/** Hall-local date YYYY-MM-DD: ticket numbering restarts when it changes (local midnight). */
export function businessDate(timezone: string, nowMs: number): string {
  return localTime(timezone, nowMs).date
}

/** Minutes since midnight for `HH:MM` (00:00–23:59; `24:00` only where `allowEndOfDay`), else null. */
export function parseHHMM(value: string, allowEndOfDay = false): number | null {
  if (allowEndOfDay && value === '24:00') return 1440
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value)
  return m ? Number(m[1]) * 60 + Number(m[2]) : null
}

export function isValidDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === value
}

export function weekdayOf(date: string): Weekday {
  return WEEKDAY_BY_INDEX[new Date(`${date}T00:00:00Z`).getUTCDay()]!
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** The weekday whose rules a date follows: a make-up working day (调休) acts as `workdaysFollow`. */
export function effectiveWeekday(hours: HallHours | undefined, date: string): Weekday {
  if (hours?.workdays.includes(date)) return hours.workdaysFollow
  return weekdayOf(date)
}

const ALL_DAY: readonly Period[] = [{ open: '00:00', close: '24:00' }]

/** Opening periods of the hall on a date (holidays: none; no `hours`: all day). */
export function periodsOn(hours: HallHours | undefined, date: string): readonly Period[] {
  if (hours === undefined) return ALL_DAY
  if (hours.holidays.includes(date)) return []
  return hours.weekly[effectiveWeekday(hours, date)]
}

const serviceRunsOn = (doc: HallDocument, service: ServiceConfig, date: string): boolean =>
  service.weekdays === undefined || service.weekdays.includes(effectiveWeekday(doc.hours, date))

const minutesOf = (hhmm: string): number => parseHHMM(hhmm, true) ?? 0

export type IssuingStatus =
  | { open: true }
  | {
      open: false
      code: 'QMS_ERR_HALL_CLOSED' | 'QMS_ERR_SERVICE_UNAVAILABLE' | 'QMS_ERR_DAILY_LIMIT'
      message: string
      nextOpening: string | null // hall-local `YYYY-MM-DD HH:MM` when this service can next be issued
    }

/** Whether a ticket for `serviceId` may be issued now. Daily limits are the store's business. */
export function issuingStatus(doc: HallDocument, serviceId: string, nowMs: number): IssuingStatus {
  const service = doc.services.find((s) => s.id === serviceId)
  if (service === undefined) throw new QmsError('QMS_ERR_SERVICE_NOT_FOUND', `unknown service "${serviceId}"`)
  const now = localTime(doc.timezone, nowMs)
  const periods = periodsOn(doc.hours, now.date)
  const hallOpen = periods.some(
    (p) => minutesOf(p.open) * 60 <= now.secondOfDay && now.secondOfDay < minutesOf(p.close) * 60,
  )
  if (hallOpen && serviceRunsOn(doc, service, now.date)) return { open: true }

  const next = nextOpening(doc, service, now)
  if (!hallOpen) {
    return {
      open: false,
      code: 'QMS_ERR_HALL_CLOSED',
      message: hallClosedMessage(periods, now, next),
      nextOpening: next,
    }
  }
  const zh = `${service.name}今日不办理`
  const en = `${service.nameEn ?? service.name} is not available today`
  const message = next ? `${zh}，下次办理时间 ${next} / ${en}; next available at ${next}` : `${zh} / ${en}`
  return { open: false, code: 'QMS_ERR_SERVICE_UNAVAILABLE', message, nextOpening: next }
}

function hallClosedMessage(periods: readonly Period[], now: LocalTime, next: string | null): string {
  const nowMin = now.secondOfDay / 60
  const [zh, en] =
    periods.length === 0
      ? ['今日大厅不开放', 'The hall is closed today']
      : nowMin < minutesOf(periods[0]!.open)
        ? ['大厅尚未开始办公', 'The hall is not open yet']
        : periods.some((p) => minutesOf(p.open) > nowMin)
          ? ['大厅午间休息', 'The hall is on its midday break']
          : ['大厅已下班', 'The hall is closed']
  if (next === null) return `${zh}，近期无开放安排 / ${en}; no opening is scheduled soon`
  return `${zh}，下次开放时间 ${next} / ${en}; it opens next at ${next}`
}

/** The next moment (after `now`) the hall is open and the service runs, within the search window. */
function nextOpening(doc: HallDocument, service: ServiceConfig, now: LocalTime): string | null {
  const nowMin = now.secondOfDay / 60
  for (let i = 0; i <= NEXT_OPENING_SEARCH_DAYS; i++) {
    const date = addDays(now.date, i)
    if (!serviceRunsOn(doc, service, date)) continue
    for (const p of periodsOn(doc.hours, date)) {
      if (i === 0 && minutesOf(p.open) <= nowMin) continue
      return `${date} ${p.open}`
    }
  }
  return null
}

/**
 * Seconds of opening time left on the hall-local day of `nowMs`: the rest of the current period
 * plus every later period that day (a lunch break does not count). Null when the hall has no
 * `hours` (always open).
 */
export function remainingOpenSec(doc: HallDocument, nowMs: number): number | null {
  if (doc.hours === undefined) return null
  const now = localTime(doc.timezone, nowMs)
  let left = 0
  for (const p of periodsOn(doc.hours, now.date)) {
    const open = minutesOf(p.open) * 60
    const close = minutesOf(p.close) * 60
    if (close > now.secondOfDay) left += close - Math.max(open, now.secondOfDay)
  }
  return left
}

/** The first opening of the service on a later day than `nowMs`'s (when today is full). */
export function nextDayOpening(doc: HallDocument, serviceId: string, nowMs: number): string | null {
  const service = doc.services.find((s) => s.id === serviceId)
  if (service === undefined) return null
  const today = localTime(doc.timezone, nowMs).date
  for (let i = 1; i <= NEXT_OPENING_SEARCH_DAYS; i++) {
    const date = addDays(today, i)
    const first = serviceRunsOn(doc, service, date) ? periodsOn(doc.hours, date)[0] : undefined
    if (first !== undefined) return `${date} ${first.open}`
  }
  return null
}
