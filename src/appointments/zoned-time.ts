// Hall-local wall-clock time → epoch ms, the inverse of localTime() in domain/calendar.ts.
// Two passes of "subtract the zone's offset" land on the right instant for any fixed-offset zone
// (every Chinese hall) and for DST zones away from the transition hour.
import { localTime } from '../domain/calendar.ts'

/** The zone's offset (ms east of UTC) at `at`, to the second. */
function offsetMs(timezone: string, at: number): number {
  const lt = localTime(timezone, at)
  const [y, m, d] = lt.date.split('-').map(Number) as [number, number, number]
  return Date.UTC(y, m - 1, d) + lt.secondOfDay * 1000 - Math.floor(at / 1000) * 1000
}

/** Epoch ms of `date` (YYYY-MM-DD) at `minuteOfDay` minutes past local midnight in `timezone`. */
export function epochOf(timezone: string, date: string, minuteOfDay: number): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const wall = Date.UTC(y, m - 1, d) + minuteOfDay * 60_000
  const first = wall - offsetMs(timezone, wall)
  return wall - offsetMs(timezone, first)
}
