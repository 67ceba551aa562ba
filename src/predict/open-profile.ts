// Which windows are usually open when: per window, the share of each 15-minute slot it was open
// (paused counts as open: breaks are handled by the pause model), exponentially weighted across
// past days. The plan for the rest of today is the profile's transitions after now: a window
// that usually closes for lunch at 12:00 is expected to, one that usually opens at 13:30 too.
import type { PlannedChange } from '../domain/predict/types.ts'
import type { WindowStatus } from '../domain/types.ts'
import { SLOT_MS, SLOTS_PER_DAY, type LocalClock } from './local-time.ts'

const DAY_WEIGHT = 0.3
const OPEN_SHARE = 0.5

interface WindowTrack {
  status: WindowStatus
  since: number
  todayMs: number[] // open milliseconds per slot today
}

export interface OpenProfileState {
  day: number | null
  days: number
  profile: Record<string, number[]> // window → share open per slot
}

export class OpenProfile {
  state: OpenProfileState = { day: null, days: 0, profile: {} }
  private readonly tracks = new Map<string, WindowTrack>()

  constructor(private readonly clock: LocalClock) {}

  /** A window's status changed at `at` (or was first seen in this status). */
  observe(window: string, status: WindowStatus, at: number): void {
    this.advance(at)
    const t = this.tracks.get(window)
    if (t) {
      t.status = status
      t.since = at
    } else this.tracks.set(window, { status, since: at, todayMs: new Array<number>(SLOTS_PER_DAY).fill(0) })
  }

  /** Accounts open time up to `at`, folding finished days into the profile. */
  advance(at: number): void {
    const day = this.clock.dayOf(at)
    if (this.state.day === null) this.state.day = day
    while (this.state.day < day) {
      this.accumulate((this.state.day + 1) * 86_400_000 - this.clock.offsetMs(at))
      this.foldDay()
      this.state.day++
    }
    this.accumulate(at)
  }

  private accumulate(to: number): void {
    for (const t of this.tracks.values()) {
      if (t.status !== 'closed') {
        let from = t.since
        while (from < to) {
          const slotEnd = from - (this.clock.msOfDay(from) % SLOT_MS) + SLOT_MS
          const until = Math.min(slotEnd, to)
          t.todayMs[this.clock.slotOf(from)]! += until - from
          from = until
        }
      }
      t.since = Math.max(t.since, to)
    }
  }

  private foldDay(): void {
    // A day with no window open at all (weekend, holiday) says nothing about working days.
    if (![...this.tracks.values()].some((t) => t.todayMs.some((ms) => ms > 0))) return
    const w = this.state.days === 0 ? 1 : DAY_WEIGHT
    for (const [id, t] of this.tracks) {
      const old = this.state.profile[id] ?? new Array<number>(SLOTS_PER_DAY).fill(0)
      this.state.profile[id] = old.map((v, i) => (1 - w) * v + (w * t.todayMs[i]!) / SLOT_MS)
      t.todayMs.fill(0)
    }
    this.state.days++
  }

  /** Planned changes after `now` for today, from the profile's transitions. */
  plannedChanges(now: number): PlannedChange[] {
    if (this.state.days === 0) return []
    const midnight = this.clock.midnightOf(now)
    const slotNow = this.clock.slotOf(now)
    const out: PlannedChange[] = []
    for (const [window, profile] of Object.entries(this.state.profile)) {
      const open = (i: number): boolean => profile[i]! >= OPEN_SHARE
      const status = this.tracks.get(window)?.status ?? 'closed'
      // A clerk a little late (the window usually opened within the last slot) is expected soon.
      if (status === 'closed' && open(slotNow) && slotNow > 0 && !open(slotNow - 1) && slotNow + 1 < SLOTS_PER_DAY) {
        out.push({ window, at: midnight + (slotNow + 1) * SLOT_MS, status: 'open' })
      }
      for (let i = slotNow + 1; i < SLOTS_PER_DAY; i++) {
        if (open(i) !== open(i - 1))
          out.push({ window, at: midnight + i * SLOT_MS, status: open(i) ? 'open' : 'closed' })
      }
    }
    return out.sort((a, b) => a.at - b.at)
  }
}
