// Checks of the opening hours that a JSON schema cannot express: real times and dates, periods in
// order and not overlapping, a date that is both a holiday and a make-up working day.

import type { HallHoursInput } from './hall-schema.ts'
import { WEEKDAYS } from './hall-schema.ts'
import type { FieldError } from './schema-errors.ts'
import { isValidDate, parseHHMM } from '../domain/calendar.ts'

export function checkHours(hours: HallHoursInput): FieldError[] {
  const errors: FieldError[] = []
  for (const day of WEEKDAYS) {
    let previousClose: { min: number; text: string } | null = null
    for (const [i, period] of (hours.weekly[day] ?? []).entries()) {
      const base = `hours.weekly.${day}[${i}]`
      const open = parseHHMM(period.open)
      const close = parseHHMM(period.close, true)
      if (open === null) errors.push({ path: `${base}.open`, message: `"${period.open}" is not a valid HH:MM time` })
      if (close === null) errors.push({ path: `${base}.close`, message: `"${period.close}" is not a valid HH:MM time` })
      if (open === null || close === null) {
        previousClose = null
        continue
      }
      if (close <= open) {
        errors.push({
          path: `${base}.close`,
          message: `closing time "${period.close}" is not after opening time "${period.open}"`,
        })
      } else if (previousClose !== null && open < previousClose.min) {
        errors.push({
          path: `${base}.open`,
          message: `period starting "${period.open}" overlaps or precedes the previous period (ends "${previousClose.text}"); list periods in order without overlap`,
        })
      }
      if (close > open) previousClose = { min: close, text: period.close }
    }
  }
  checkDates(hours.holidays ?? [], 'hours.holidays', errors)
  checkDates(hours.workdays ?? [], 'hours.workdays', errors)
  const holidays = new Set(hours.holidays ?? [])
  for (const [i, date] of (hours.workdays ?? []).entries()) {
    if (holidays.has(date))
      errors.push({ path: `hours.workdays[${i}]`, message: `"${date}" is also listed in hours.holidays` })
  }
  return errors
}

function checkDates(dates: string[], base: string, errors: FieldError[]): void {
  const firstIndex = new Map<string, number>()
  for (const [i, date] of dates.entries()) {
    if (!isValidDate(date)) {
      errors.push({ path: `${base}[${i}]`, message: `"${date}" is not a valid date (YYYY-MM-DD)` })
    } else if (firstIndex.has(date)) {
      errors.push({ path: `${base}[${i}]`, message: `"${date}" is already listed at ${base}[${firstIndex.get(date)}]` })
    } else {
      firstIndex.set(date, i)
    }
  }
}
