// Applying a new hall configuration to live in-memory state.
import { QmsError } from '../../domain/errors.ts'
import type { PendingEvent } from '../../domain/events.ts'
import type { HallRuntime } from '../../domain/types.ts'
import type { MemoryHall } from './memory-hall.ts'

/** Throws QMS_ERR_CONFIG_CONFLICT when the change would strand live tickets. */
export function checkRemovals(h: MemoryHall, next: HallRuntime): void {
  for (const [id, w] of h.windows) {
    if (next.windows[id]) continue
    if (w.status !== 'closed' || w.current || h.queue(`w:${id}`).size > 0) {
      throw new QmsError(
        'QMS_ERR_CONFIG_CONFLICT',
        `window ${id} cannot be removed: it is ${w.status} or holds tickets`,
        {
          window: id,
        },
      )
    }
  }
  for (const id of Object.keys(h.runtime.services)) {
    if (!next.services[id] && (h.waiting.get(id) ?? 0) > 0) {
      throw new QmsError('QMS_ERR_CONFIG_CONFLICT', `service ${id} cannot be removed: tickets are waiting for it`, {
        service: id,
      })
    }
  }
}

export function applyConfiguration(h: MemoryHall, document: unknown, next: HallRuntime, now: number): PendingEvent {
  for (const id of [...h.windows.keys()]) if (!next.windows[id]) h.windows.delete(id)
  for (const id of next.windowOrder) {
    if (!h.windows.has(id)) {
      h.windows.set(id, { id, status: 'closed', current: null, consecutivePriority: 0, reason: null, since: now })
    }
  }
  h.document = document
  h.runtime = next
  h.version += 1
  return { type: 'hall.configured', at: now, hall: h.hall, data: { version: h.version } }
}
