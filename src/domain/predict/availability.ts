// When each window will be calling, from its status now and the planned changes later today.
// Tickets issued before closing are always served: a closing while the hall has stopped issuing
// (lunch, end of day) lets the window first serve what waits for it ("drain"); other closings
// (a shift change, an elastic window going home) take effect after the current ticket.
import type { PlannedChange, WindowInput } from './types.ts'

export interface Interval {
  from: number // epoch ms
  to: number // may be Infinity
  drain: boolean // at `to` the window keeps calling until nothing waits for it
}

/** Without opening-hours knowledge, closings this close to the day's last one form the closing wave. */
export const END_OF_DAY_SLACK_MS = 30 * 60_000

export function availability(
  windows: WindowInput[],
  plan: PlannedChange[],
  now: number,
  pauseRemainingSec: (window: string, pausedSec: number) => number,
): Map<string, Interval[]> {
  const byWindow = new Map<string, PlannedChange[]>()
  for (const c of plan) {
    if (c.at <= now) continue
    let list = byWindow.get(c.window)
    if (!list) byWindow.set(c.window, (list = []))
    list.push(c)
  }
  let lastClose = -Infinity
  for (const list of byWindow.values()) {
    const final = list[list.length - 1]
    if (final && final.status === 'closed') lastClose = Math.max(lastClose, final.at)
  }

  const out = new Map<string, Interval[]>()
  for (const w of windows) {
    const changes = byWindow.get(w.id) ?? []
    const intervals: Interval[] = []
    let openFrom: number | null = null
    if (w.status === 'open') openFrom = now
    else if (w.status === 'paused') openFrom = now + 1000 * pauseRemainingSec(w.id, (now - w.since) / 1000)
    for (let i = 0; i < changes.length; i++) {
      const c = changes[i]!
      if (c.status === 'open') {
        if (openFrom === null) openFrom = c.at
        continue
      }
      if (openFrom === null) continue
      const drain = c.drain ?? (i === changes.length - 1 && c.at >= lastClose - END_OF_DAY_SLACK_MS)
      intervals.push({ from: openFrom, to: Math.max(openFrom, c.at), drain })
      openFrom = null
    }
    if (openFrom !== null) intervals.push({ from: openFrom, to: Infinity, drain: false })
    out.set(w.id, intervals)
  }
  return out
}
