// Arrival forecast per service and 15-minute slot, from the hall's own history:
// - the same (effective) weekday of recent weeks, recent weeks weighted more;
// - the first working day after a holiday is learnt and forecast apart (a factor over the normal
//   pattern, learnt from past such days);
// - a year-ago factor for seasonal peaks (school enrolment in September): how much busier last
//   year's same week was than the weeks before it, applied to this year's recent weeks;
// - blended during the day with what has really arrived so far (see blendWithToday).

import type { HallHours } from '../../config/hall-document.ts'
import { addDays } from '../calendar.ts'
import { dayInfo, type DayInfo } from './day-kind.ts'
import { SLOTS_PER_DAY } from './offered-load.ts'

/** service → arrivals per 15-minute slot of the hall-local day (96 slots). */
export type DayCounts = Record<string, number[]>
/** date (YYYY-MM-DD) → that day's counts. Days absent are unknown (not zero). */
export type ArrivalHistory = ReadonlyMap<string, DayCounts>

export interface ForecastOptions {
  weeks: number // same-weekday references looked at
  decay: number // weight of each older reference relative to the next newer one
  afterHolidayPrior: number // factor for after-holiday days until the hall has its own
  seasonalMin: number // year-ago factors are clamped to [min, max]
  seasonalMax: number
}

export const DEFAULT_FORECAST: ForecastOptions = {
  weeks: 6,
  decay: 0.8,
  afterHolidayPrior: 1.2,
  seasonalMin: 0.5,
  seasonalMax: 4,
}

export interface ServiceForecast {
  slots: number[]
  /** Why: the reference dates and factors behind the numbers (shown to managers). */
  basis: { references: string[]; afterHolidayFactor: number; seasonalFactor: number }
}

const zeros = (): number[] => new Array<number>(SLOTS_PER_DAY).fill(0)
const total = (xs: readonly number[] | undefined): number => (xs ?? []).reduce((s, x) => s + x, 0)

/** Normal days with the same effective weekday before `date`, newest first. */
function referenceDays(
  history: ArrivalHistory,
  hours: HallHours | undefined,
  target: DayInfo,
  weeks: number,
): string[] {
  const refs: string[] = []
  for (let back = 1; back <= weeks * 7 + 14 && refs.length < weeks; back++) {
    const d = addDays(target.date, -back)
    if (!history.has(d)) continue
    const info = dayInfo(hours, d)
    if (info.kind === 'normal' && info.weekday === target.weekday) refs.push(d)
  }
  if (refs.length >= 2) return refs
  // Too little same-weekday history (a new hall): any normal days of the last two weeks.
  for (let back = 1; back <= 14; back++) {
    const d = addDays(target.date, -back)
    if (history.has(d) && !refs.includes(d) && dayInfo(hours, d).kind === 'normal') refs.push(d)
  }
  return refs
}

function weightedProfile(history: ArrivalHistory, refs: string[], service: string, decay: number): number[] {
  const out = zeros()
  let weightSum = 0
  refs.forEach((d, k) => {
    const w = decay ** k
    weightSum += w
    const counts = history.get(d)?.[service]
    if (counts) for (let i = 0; i < SLOTS_PER_DAY; i++) out[i]! += w * (counts[i] ?? 0)
  })
  return weightSum > 0 ? out.map((x) => x / weightSum) : out
}

function afterHolidayFactor(
  history: ArrivalHistory,
  hours: HallHours | undefined,
  service: string,
  date: string,
  o: ForecastOptions,
): number {
  const ratios: number[] = []
  for (const d of history.keys()) {
    if (d >= date || d < addDays(date, -400)) continue
    const info = dayInfo(hours, d)
    if (info.kind !== 'after-holiday') continue
    const base = total(weightedProfile(history, referenceDays(history, hours, info, o.weeks), service, o.decay))
    if (base >= 10) ratios.push(total(history.get(d)?.[service]) / base)
  }
  if (ratios.length === 0) return o.afterHolidayPrior
  return ratios.reduce((s, r) => s + r, 0) / ratios.length
}

/** Last year's same week over last year's equivalents of this year's references. */
function seasonalFactor(
  history: ArrivalHistory,
  hours: HallHours | undefined,
  service: string,
  date: string,
  refs: string[],
  o: ForecastOptions,
): number {
  const yearAgo = addDays(date, -364)
  const around: string[] = []
  for (let k = -3; k <= 3; k++) {
    const d = addDays(yearAgo, k)
    if (history.has(d) && dayInfo(hours, d).kind === 'normal') around.push(d)
  }
  const before = refs.map((r) => addDays(r, -364)).filter((d) => history.has(d) && dayInfo(hours, d).kind === 'normal')
  if (around.length < 2 || before.length < 2) return 1
  const mean = (ds: string[]): number => ds.reduce((s, d) => s + total(history.get(d)?.[service]), 0) / ds.length
  const base = mean(before)
  if (base * before.length < 10) return 1
  return Math.min(o.seasonalMax, Math.max(o.seasonalMin, mean(around) / base))
}

export function forecastDay(
  history: ArrivalHistory,
  hours: HallHours | undefined,
  date: string,
  services: readonly string[],
  options: Partial<ForecastOptions> = {},
): Record<string, ServiceForecast> {
  const o = { ...DEFAULT_FORECAST, ...options }
  const info = dayInfo(hours, date)
  const out: Record<string, ServiceForecast> = {}
  const refs = info.kind === 'closed' ? [] : referenceDays(history, hours, info, o.weeks)
  for (const s of services) {
    if (info.kind === 'closed') {
      out[s] = { slots: zeros(), basis: { references: [], afterHolidayFactor: 1, seasonalFactor: 1 } }
      continue
    }
    const after = info.kind === 'after-holiday' ? afterHolidayFactor(history, hours, s, date, o) : 1
    const seasonal = seasonalFactor(history, hours, s, date, refs, o)
    const slots = weightedProfile(history, refs, s, o.decay).map((x) => x * after * seasonal)
    out[s] = { slots, basis: { references: refs, afterHolidayFactor: after, seasonalFactor: seasonal } }
  }
  return out
}

/** Prior strength (tickets) of the forecast against today's counts: early in the day one busy
 *  quarter hour should not double the rest of the day's forecast. */
export const LIVE_PRIOR_TICKETS = 15

/**
 * Today's remaining slots scaled by how today compares so far: ratio (observed + k)/(forecast + k)
 * over the elapsed part of the day (the current slot counted by its elapsed fraction), clamped.
 * Slots before `nowSlot` become what was observed.
 */
export function blendWithToday(
  forecast: readonly number[],
  observed: readonly number[],
  nowSlot: number,
  fractionOfSlot: number,
): { slots: number[]; ratio: number } {
  let f = 0
  let o = 0
  for (let i = 0; i < nowSlot; i++) {
    f += forecast[i] ?? 0
    o += observed[i] ?? 0
  }
  f += (forecast[nowSlot] ?? 0) * fractionOfSlot
  o += observed[nowSlot] ?? 0
  const ratio = f === 0 && o === 0 ? 1 : Math.min(5, Math.max(0.3, (o + LIVE_PRIOR_TICKETS) / (f + LIVE_PRIOR_TICKETS)))
  const slots = forecast.map((x, i) => (i < nowSlot ? (observed[i] ?? 0) : x * ratio))
  return { slots, ratio }
}
