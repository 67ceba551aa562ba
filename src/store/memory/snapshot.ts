// The hall snapshot as the embedded store sees it (same shape as the Redis snapshot script).
import { oldestWaitSec, simpleEtaSec } from '../../domain/estimate.ts'
import type { HallSnapshot } from '../../domain/types.ts'
import type { MemoryHall } from './memory-hall.ts'

export function snapshotOf(h: MemoryHall, now: number): HallSnapshot {
  const windows = h.runtime.windowOrder.map((id) => {
    const w = h.windows.get(id)!
    const t = w.current ? h.tickets.get(w.current) : undefined
    return {
      ...w,
      currentTicket: t ? { id: t.id, number: t.number, service: t.service, status: t.status, class: t.class } : null,
      queueLength: h.queue(`w:${id}`).size,
    }
  })
  const oldest = oldestIssuedAt(h)
  const services = h.runtime.serviceOrder.map((id) => {
    const waiting = h.waiting.get(id) ?? 0
    const openWindows = h.openWindowsServing(id)
    return {
      id,
      waiting,
      openWindows,
      etaSec: simpleEtaSec(waiting, h.runtime.services[id]!.meanHandlingSec, openWindows),
      oldestWaitSec: oldestWaitSec(oldest.get(id), now),
    }
  })
  return { hall: h.hall, seq: h.seq, at: now, windows, services }
}

/** Service → earliest issuedAt of its waiting tickets, over every queue (shared and windows' own):
 *  queues are ordered by band and orderAt, which is not the issue order (requeues, appointments). */
function oldestIssuedAt(h: MemoryHall): Map<string, number> {
  const out = new Map<string, number>()
  for (const q of h.queues.values()) {
    for (const e of q.all()) {
      const t = h.tickets.get(e.id)
      if (!t) continue
      const seen = out.get(t.service)
      if (seen === undefined || t.issuedAt < seen) out.set(t.service, t.issuedAt)
    }
  }
  return out
}
