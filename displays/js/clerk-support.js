// Clerk console helpers: held tickets remembered across reloads (the live channel only tells
// about holds it sees, so the console keeps its own list and checks it against the server), and
// the oldest-wait text (also used by the manager view).
import { elapsedText } from './format.js'

export function heldStore(api) {
  const key = `qms.clerk.held.${api.hall}`
  const read = () => {
    try {
      return JSON.parse(localStorage.getItem(key) ?? '[]')
    } catch {
      return []
    }
  }
  return {
    /** Puts remembered held tickets back into the model, if the server still says they are held. */
    async restore(model) {
      for (const x of read()) {
        try {
          const ticket = await api.get(`/tickets/${encodeURIComponent(x.id)}`)
          if (ticket.status === 'held' && !model.held.has(x.id))
            model.held.set(x.id, { ...x, window: ticket.window ?? x.window })
        } catch {
          // gone (another day, or unknown): forget it
        }
      }
    },
    save(model) {
      try {
        localStorage.setItem(key, JSON.stringify([...model.held.values()]))
      } catch {
        /* storage disabled: holds are still shown while the page stays open */
      }
    },
    /** Held tickets of a window, most recent first. */
    forWindow(model, windowId) {
      return [...model.held.values()].filter((x) => x.window === windowId).sort((a, b) => b.at - a.at)
    },
  }
}

/** "12 分钟" for an oldest wait in ms (HallModel.oldestWait), or "—" when nobody waits. */
export function oldestText(oldestMs, now = Date.now()) {
  return oldestMs === null || oldestMs === undefined ? '—' : elapsedText(now - oldestMs, now)
}
