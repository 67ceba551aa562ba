// Follow-up deadlines in working days (工作日) on the hall's calendar: Monday to Friday, except the
// hall's holidays, plus its make-up working days (调休, e.g. a Saturday). Pure: dates in, dates out.
import type { HallHours } from '../config/hall-document.ts'
import { addDays, weekdayOf } from '../domain/calendar.ts'

type Calendar = Pick<HallHours, 'holidays' | 'workdays'> | undefined

export function isWorkingDay(calendar: Calendar, date: string): boolean {
  if (calendar?.workdays.includes(date)) return true
  if (calendar?.holidays.includes(date)) return false
  const day = weekdayOf(date)
  return day !== 'sat' && day !== 'sun'
}

/**
 * The date of the `n`-th working day after `date` (the opening day itself does not count, so a
 * case opened on a Friday with n = 1 is due on Monday). A year of holidays cannot stop it: the
 * search gives up only after n + 400 days, which no real calendar reaches.
 */
export function addWorkingDays(calendar: Calendar, date: string, n: number): string {
  let d = date
  let left = n
  for (let i = 0; i < n + 400; i++) {
    d = addDays(d, 1)
    if (isWorkingDay(calendar, d) && --left === 0) return d
  }
  throw new Error(`no ${n} working days after ${date} in the hall calendar`)
}

/** Working days from `from` (exclusive) to `to` (inclusive); 0 when `to` is not after `from`. */
export function workingDaysBetween(calendar: Calendar, from: string, to: string): number {
  let count = 0
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(calendar, d)) count++
  return count
}
