// What a simulated hall day is made of: a hall document, the traffic each service gets, and how
// the windows are staffed. Times are hall-local "HH:MM" on `date`.
import type { HallDocumentInput } from '../../src/config/hall-schema.ts'

export interface ServiceTraffic {
  service: string
  perDay: number // expected tickets on an average day
  medianSec: number // handling time (call → done) of a citizen who shows up: lognormal median
  sigma: number // its log-scale (0.5–0.8: a long right tail)
  noShow: number // share of called tickets nobody answers
  green: number // share of green-channel (elderly, disabled, pregnant) tickets
  appointment: number // share of appointment tickets (booked: spread evenly over the day)
}

export interface Shift {
  from: string
  to: string
  /** drain: keeps calling until nothing waits for it, then closes; hard: closes after its current ticket. */
  end: 'drain' | 'hard'
}

export interface WindowStaffing {
  window: string
  speed: number // handling-time multiplier of this clerk (0.8 fast … 1.3 slow)
  shifts: Shift[]
  breaks: Array<{ at: string; minutes: number }>
}

export interface ArrivalCurve {
  morningPeak: string // "10:00"
  afternoonPeak: string
  peakWidthMin: number
  afternoonWeight: number // afternoon peak height relative to the morning one
  base: number // flat share between peaks (relative to the morning peak)
  lunch: { from: string; to: string; factor: number } // the lunch dip while issuing stays open
  doorBurst: number // share of the day's tickets taken in the first 10 minutes (people queuing outside)
}

export interface HallDay {
  id: string
  title: string
  hall: string // hall id
  document: HallDocumentInput
  traffic: ServiceTraffic[]
  staffing: WindowStaffing[]
  curve: ArrivalCurve
  patienceMin: number // mean of the exponential patience of a waiting citizen
  forgottenRate: number // share of services left open by mistake for 1–2 hours
  returnAfterNoShow: number // share of no-shows that come back and are re-queued
}

/** Epoch ms of hall-local `HH:MM` on `date` (YYYY-MM-DD). */
export function localTimeMs(date: string, hhmm: string, offsetMin: number): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number]
  return Date.parse(`${date}T00:00:00Z`) + (h * 60 + m - offsetMin) * 60_000
}
