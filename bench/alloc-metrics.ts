// The figures of one simulated day, from the hall's event stream: waits until the first call,
// the share called within the target, staffed window-hours (open or paused) and changes made.
import type { QueueEvent } from '../src/domain/types.ts'

export interface DayMetrics {
  tickets: number
  meanWaitMin: number
  p90WaitMin: number
  withinTarget: number // share of tickets called within the target (those who left earlier excluded)
  windowHours: number
  changes: number
}

export function dayMetrics(events: QueueEvent[], targetWaitSec: number, changes: number): DayMetrics {
  const issued = new Map<string, number>()
  const waits: number[] = []
  let neverCalledLate = 0
  const called = new Set<string>()
  const windowSince = new Map<string, { status: string; at: number }>()
  let staffedMs = 0
  for (const e of events) {
    if (e.type === 'ticket.issued' && e.ticket) issued.set(e.ticket, e.at)
    if (e.type === 'ticket.called' && e.ticket && !called.has(e.ticket)) {
      called.add(e.ticket)
      waits.push((e.at - issued.get(e.ticket)!) / 1000)
    }
    if (e.type === 'ticket.cancelled' && e.ticket && !called.has(e.ticket)) {
      // Who left before the target is not counted; who waited past it and left is a miss.
      if ((e.at - issued.get(e.ticket)!) / 1000 > targetWaitSec) neverCalledLate++
    }
    if (e.type === 'window.status' && e.window) {
      const prev = windowSince.get(e.window)
      if (prev && prev.status !== 'closed') staffedMs += e.at - prev.at
      windowSince.set(e.window, { status: e.status ?? 'closed', at: e.at })
    }
  }
  const last = events.at(-1)?.at ?? 0
  for (const w of windowSince.values()) if (w.status !== 'closed') staffedMs += last - w.at
  const sorted = [...waits].sort((a, b) => a - b)
  const within = waits.filter((w) => w <= targetWaitSec).length
  return {
    tickets: issued.size,
    meanWaitMin: waits.reduce((s, w) => s + w, 0) / Math.max(1, waits.length) / 60,
    p90WaitMin: (sorted[Math.floor(0.9 * (sorted.length - 1))] ?? 0) / 60,
    withinTarget: within / Math.max(1, waits.length + neverCalledLate),
    windowHours: staffedMs / 3_600_000,
    changes,
  }
}
