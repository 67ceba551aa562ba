// Arrivals per (service, class): a daily profile in 15-minute slots learned from past days
// (exponentially weighted across days), scaled by how busy today has been so far; with no
// history, the rate of the last hour. Used for the expected future tickets that can overtake.
import { SLOT_MS, SLOTS_PER_DAY, type LocalClock } from './local-time.ts'

const DAY_WEIGHT = 0.3 // weight of the newest day in the profile
const RECENT_MS = 3600_000
const SCALE_PSEUDO = 10 // arrivals before today's level moves the profile by half

export interface ArrivalState {
  day: number | null
  days: number // days folded into the profile
  profile: Record<string, number[]> // `${service}|${class}` → expected arrivals per slot
  today: Record<string, number[]>
  recent: Record<string, number[]> // arrival times in the last hour
}

export class ArrivalStats {
  state: ArrivalState = { day: null, days: 0, profile: {}, today: {}, recent: {} }
  /** Today's level per stream, seen from a given slot; cleared by every observation. */
  private readonly levels = new Map<string, number>()

  constructor(private readonly clock: LocalClock) {}

  private roll(at: number): void {
    const day = this.clock.dayOf(at)
    if (this.state.day === day) return
    if (this.state.day !== null) this.foldDay()
    this.state.day = day
    this.state.today = {}
    this.state.recent = {}
  }

  private foldDay(): void {
    const s = this.state
    const keys = new Set([...Object.keys(s.profile), ...Object.keys(s.today)])
    const w = s.days === 0 ? 1 : DAY_WEIGHT
    for (const k of keys) {
      const old = s.profile[k] ?? new Array<number>(SLOTS_PER_DAY).fill(0)
      const day = s.today[k] ?? new Array<number>(SLOTS_PER_DAY).fill(0)
      s.profile[k] = old.map((v, i) => (1 - w) * v + w * day[i]!)
    }
    s.days++
  }

  observe(service: string, cls: string, at: number): void {
    this.roll(at)
    this.levels.clear()
    const k = `${service}|${cls}`
    ;(this.state.today[k] ??= new Array<number>(SLOTS_PER_DAY).fill(0))[this.clock.slotOf(at)]! += 1
    const recent = (this.state.recent[k] ??= [])
    recent.push(at)
    while (recent.length > 0 && recent[0]! < at - RECENT_MS) recent.shift()
  }

  /** Expected arrivals per second as a function of time later today, seen from `now`;
   *  null when this stream has never had an arrival (nothing to simulate). */
  rate(service: string, cls: string, now: number): ((at: number) => number) | null {
    const k = `${service}|${cls}`
    const profile = this.state.profile[k]
    if (this.state.days > 0 && profile) {
      if (!profile.some((v) => v > 0) && !this.state.today[k]) return null
      const scale = this.level(k, profile, now) / (SLOT_MS / 1000)
      const today = this.clock.dayOf(now)
      return (at) => (this.clock.dayOf(at) === today ? scale * profile[this.clock.slotOf(at)]! : 0)
    }
    const recent = this.state.recent[k]?.filter((t) => t > now - RECENT_MS).length ?? 0
    if (recent === 0) return null
    const perSec = recent / (RECENT_MS / 1000)
    return () => perSec
  }

  /** Today's arrivals so far relative to the profile (shrunk towards 1 early in the day). */
  private level(k: string, profile: number[], now: number): number {
    const slotNow = this.clock.slotOf(now)
    const cacheKey = `${k}|${slotNow}`
    let scale = this.levels.get(cacheKey)
    if (scale === undefined) {
      let expected = 0
      let seen = 0
      const today = this.state.today[k]
      for (let i = 0; i < slotNow; i++) {
        expected += profile[i]!
        seen += today?.[i] ?? 0
      }
      scale = (seen + SCALE_PSEUDO) / (expected + SCALE_PSEUDO)
      this.levels.set(cacheKey, scale)
    }
    return scale
  }
}
