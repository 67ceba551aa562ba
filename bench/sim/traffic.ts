// The citizens of one simulated day, drawn up front so the same seed gives the same people
// whatever the hall does with them: when each arrives, for what, in which class, how long their
// business takes, whether they answer the call, how long they are willing to wait.
import type { ArrivalCurve, HallDay, ServiceTraffic } from './day-types.ts'
import { localTimeMs } from './day-types.ts'
import type { Rng } from './rng.ts'

export interface Citizen {
  at: number // epoch ms of arrival (the ticket is issued then)
  service: string
  cls: string // 'normal' | 'green' | 'appointment'
  handlingSec: number // at a clerk of speed 1.0
  noShow: boolean
  patienceSec: number // gives up (cancels) after waiting this long
  returnsAfterSec: number | null // after a no-show: comes back and is re-queued
}

const MINUTE = 60_000

const gauss = (x: number, mu: number, width: number): number => Math.exp(-0.5 * ((x - mu) / width) ** 2)

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number]
  return h * 60 + m
}

/** Relative arrival intensity at minute-of-day `m` (before normalisation). */
export function intensity(curve: ArrivalCurve, m: number): number {
  const w = curve.peakWidthMin
  let v =
    curve.base +
    gauss(m, minutesOf(curve.morningPeak), w) +
    curve.afternoonWeight * gauss(m, minutesOf(curve.afternoonPeak), w)
  if (m >= minutesOf(curve.lunch.from) && m < minutesOf(curve.lunch.to)) v *= curve.lunch.factor
  return v
}

function poisson(rng: Rng, mean: number): number {
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.normal()))
  const limit = Math.exp(-mean)
  let k = 0
  let p = rng.next()
  while (p > limit) {
    k++
    p *= rng.next()
  }
  return k
}

/** Issuing periods of the day as [fromMinute, toMinute). */
export function issuingMinutes(day: HallDay, weekday: string): Array<[number, number]> {
  const weekly = day.document.hours?.weekly as Record<string, Array<{ open: string; close: string }>> | undefined
  if (!weekly) return [[0, 24 * 60]]
  return (weekly[weekday] ?? []).map((p) => [minutesOf(p.open), minutesOf(p.close)] as [number, number])
}

export function generateCitizens(day: HallDay, date: string, offsetMin: number, rng: Rng): Citizen[] {
  const weekday = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][new Date(`${date}T12:00:00Z`).getUTCDay()]!
  const periods = issuingMinutes(day, weekday)
  if (periods.length === 0) return []
  const minutes: number[] = []
  for (const [a, b] of periods) for (let m = a; m < b; m++) minutes.push(m)
  const shape = minutes.map((m) => intensity(day.curve, m))
  const shapeSum = shape.reduce((s, v) => s + v, 0)
  const midnight = localTimeMs(date, '00:00', offsetMin)
  const dayFactor = rng.uniform(0.85, 1.15)
  const out: Citizen[] = []
  for (const svc of day.traffic) {
    const volume = svc.perDay * dayFactor * rng.uniform(0.9, 1.1)
    const walkIns = volume * (1 - svc.appointment)
    const burst = walkIns * day.curve.doorBurst
    const firstOpen = periods[0]![0]
    for (let i = 0; i < minutes.length; i++) {
      const m = minutes[i]!
      const walkMean = ((walkIns - burst) * shape[i]!) / shapeSum + (m < firstOpen + 10 ? burst / 10 : 0)
      const apptMean = (volume * svc.appointment) / minutes.length
      for (let k = poisson(rng, walkMean); k > 0; k--) out.push(citizen(day, svc, midnight + m * MINUTE, rng, false))
      for (let k = poisson(rng, apptMean); k > 0; k--) out.push(citizen(day, svc, midnight + m * MINUTE, rng, true))
    }
  }
  return out.sort((a, b) => a.at - b.at)
}

function citizen(day: HallDay, svc: ServiceTraffic, minuteStart: number, rng: Rng, appointment: boolean): Citizen {
  const forgotten = rng.chance(day.forgottenRate) ? rng.uniform(3600, 7200) : 0
  const noShow = rng.chance(svc.noShow)
  return {
    at: Math.floor(minuteStart + rng.next() * MINUTE),
    service: svc.service,
    cls: appointment ? 'appointment' : rng.chance(svc.green / (1 - svc.appointment || 1)) ? 'green' : 'normal',
    handlingSec: rng.lognormal(svc.medianSec, svc.sigma) + forgotten,
    noShow,
    patienceSec: rng.exponential(day.patienceMin * 60),
    returnsAfterSec: noShow && rng.chance(day.returnAfterNoShow) ? rng.uniform(120, 900) : null,
  }
}
