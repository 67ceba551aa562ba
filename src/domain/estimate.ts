// First-cut wait estimate used at issue and on status reads. The prediction work replaces the
// inputs (learned handling times, simulated policy), not this signature's callers.

export const simpleEtaSec = (ahead: number, meanHandlingSec: number, openWindows: number): number =>
  Math.ceil((ahead * meanHandlingSec) / Math.max(1, openWindows))

/** Whole seconds the oldest waiting ticket has waited (from its issuedAt); 0 when none waits. */
export const oldestWaitSec = (oldestIssuedAt: number | undefined, now: number): number =>
  oldestIssuedAt === undefined ? 0 : Math.max(0, Math.floor((now - oldestIssuedAt) / 1000))

export interface WindowLoad {
  id: string
  open: boolean
  ownQueue: number // tickets waiting in the window's own queue
  busy: boolean // has a current ticket
}

/** Assigned mode: the open window with the shortest own queue (+1 if busy); ties by config order. */
export function chooseAssignedWindow(windows: WindowLoad[]): string | null {
  let best: WindowLoad | null = null
  let bestLoad = Infinity
  for (const w of windows) {
    if (!w.open) continue
    const load = w.ownQueue + (w.busy ? 1 : 0)
    if (load < bestLoad) {
      best = w
      bestLoad = load
    }
  }
  return best ? best.id : null
}
