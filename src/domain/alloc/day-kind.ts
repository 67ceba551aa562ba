// What kind of day a date is for demand: the queue on the first working day after 国庆 or 春节 is
// not a normal Thursday's, so such days are forecast (and learnt from) apart.

import type { HallHours } from '../../config/hall-document.ts'
import { addDays, effectiveWeekday, periodsOn } from '../calendar.ts'
import type { Weekday } from '../../config/hall-document.ts'

export type DayKind = 'closed' | 'after-holiday' | 'normal'

export interface DayInfo {
  date: string
  kind: DayKind
  /** The weekday whose pattern it follows (a 调休 make-up day follows `workdaysFollow`). */
  weekday: Weekday
}

/** Longest run of closed days looked through (春节 with its weekends). */
const MAX_CLOSED_RUN = 12

export function dayInfo(hours: HallHours | undefined, date: string): DayInfo {
  const weekday = effectiveWeekday(hours, date)
  if (periodsOn(hours, date).length === 0) return { date, kind: 'closed', weekday }
  // Walk back over closed days (weekends, holidays): if a holiday is among them, this is the
  // first working day after a holiday.
  for (let i = 1; i <= MAX_CLOSED_RUN; i++) {
    const prev = addDays(date, -i)
    if (periodsOn(hours, prev).length > 0) break
    if (hours?.holidays.includes(prev)) return { date, kind: 'after-holiday', weekday }
  }
  return { date, kind: 'normal', weekday }
}
