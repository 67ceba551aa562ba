// Carries out an allocation action on the live hall: window status through the QueueService (the
// same path as a clerk's button), what a window serves through the hall document (HallService).
// Re-checks the safety rules against the hall as it is now: in advise mode minutes may have
// passed since the proposal, and a window that was idle then may be serving someone.

import type { HallService } from '../core/hall-service.ts'
import type { QueueService } from '../core/queue-service.ts'
import { QmsError } from '../domain/errors.ts'
import type { AllocAction } from '../domain/alloc/types.ts'
import type { QueueStore } from '../store/port.ts'

export interface ApplyDeps {
  store: QueueStore
  halls: HallService
  queue: QueueService
  now: () => number
}

export async function applyAction(deps: ApplyDeps, hall: string, action: AllocAction): Promise<void> {
  const { document } = await deps.halls.load(hall)
  const snapshot = await deps.store.snapshot(hall, { now: deps.now() })
  const win = snapshot.windows.find((w) => w.id === action.window)
  if (!win)
    throw new QmsError('QMS_ERR_WINDOW_NOT_FOUND', `window "${action.window}" not found`, { window: action.window })
  const servesNow = (w: string): string[] => document.windows.find((d) => d.id === w)?.services ?? []

  // Services that would lose their last open window while tickets wait for them.
  const leaving =
    action.kind === 'close'
      ? servesNow(action.window)
      : action.kind === 'reassign'
        ? servesNow(action.window).filter((s) => !action.services.includes(s))
        : []
  if (action.kind !== 'open' && win.status === 'open') {
    const strandedServices = leaving.filter((s) => {
      const waiting = snapshot.services.find((x) => x.id === s)?.waiting ?? 0
      const others = snapshot.windows.some(
        (w) => w.id !== action.window && w.status === 'open' && servesNow(w.id).includes(s),
      )
      return waiting > 0 && !others
    })
    if (strandedServices.length > 0) {
      throw new QmsError(
        'QMS_ERR_CONFIG_CONFLICT',
        `window "${action.window}" is the only open window for waiting tickets of ${strandedServices.join(', ')}`,
        { services: strandedServices },
      )
    }
  }
  if (action.kind === 'close' && (win.current !== null || win.queueLength > 0)) {
    throw new QmsError('QMS_ERR_WINDOW_BUSY', `window "${action.window}" is serving a ticket or has its own queue`, {
      window: action.window,
    })
  }

  if (action.kind !== 'close' && !sameList(servesNow(action.window), action.services)) {
    await deps.halls.configure(hall, withWindowServices(document, action.window, action.services))
  }
  if (action.kind === 'open') await deps.queue.setWindow(hall, action.window, 'open')
  if (action.kind === 'close') await deps.queue.setWindow(hall, action.window, 'closed')
}

/** The document with one window serving `services` (weights kept only for services it serves). */
export function withWindowServices<
  D extends { windows: Array<{ id: string; services: string[]; policy?: { weights?: Record<string, number> } }> },
>(document: D, window: string, services: string[]): D {
  return {
    ...document,
    windows: document.windows.map((w) => {
      if (w.id !== window) return w
      const weights = Object.fromEntries(Object.entries(w.policy?.weights ?? {}).filter(([s]) => services.includes(s)))
      return { ...w, services: [...services], ...(w.policy && { policy: { ...w.policy, weights } }) }
    }),
  }
}

const sameList = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i])
