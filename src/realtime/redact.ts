// What a ticket holder (the mobile ticket page, authenticated only by its ticket id) may see.
// Ticket ids are bearer secrets (they let a holder cancel or follow a ticket), so a ticket viewer
// gets every other ticket's id removed; numbers, services and windows stay (they are on the board).
import type { HallSnapshot, QueueEvent } from '../domain/types.ts'
import type { LiveViewer } from './live-auth.ts'
import type { ForecastMessage } from './messages.ts'

export function eventFor(viewer: LiveViewer, event: QueueEvent): QueueEvent {
  if (viewer.kind !== 'ticket' || event.ticket === undefined || event.ticket === viewer.ticket) return event
  const { ticket: _hidden, ...rest } = event
  return rest
}

export function snapshotFor(viewer: LiveViewer, snapshot: HallSnapshot): HallSnapshot {
  if (viewer.kind !== 'ticket') return snapshot
  return {
    ...snapshot,
    windows: snapshot.windows.map((w) => {
      if (!w.current || w.current === viewer.ticket) return w
      const currentTicket = w.currentTicket ? (({ id: _hidden, ...rest }) => rest)(w.currentTicket) : null
      // The public shape drops `id`; the type keeps it required for staff viewers.
      return { ...w, current: null, currentTicket: currentTicket as typeof w.currentTicket }
    }),
  }
}

// Every socket of a hall on this instance gets the same event object from the hall's feed. Its
// message text is built once per kind of viewer (full, or with the ticket id removed) and shared,
// instead of once per socket: with thousands of phones watching, serialising was the fan-out's cost.
const fullText = new WeakMap<QueueEvent, string>()
const redactedText = new WeakMap<QueueEvent, string>()

/** The `event` message for this viewer, as sent on the socket (JSON text). */
export function eventMessageText(viewer: LiveViewer, event: QueueEvent): string {
  const redacted = viewer.kind === 'ticket' && event.ticket !== undefined && event.ticket !== viewer.ticket
  const cache = redacted ? redactedText : fullText
  let text = cache.get(event)
  if (text === undefined) {
    text = JSON.stringify({ type: 'event', seq: event.seq, event: eventFor(viewer, event) })
    cache.set(event, text)
  }
  return text
}

/** A ticket viewer's part of a forecast: its own ticket only (never another id), plus the
 *  services; null when nothing is left for it. */
export function forecastFor(viewer: LiveViewer, message: ForecastMessage): ForecastMessage | null {
  if (viewer.kind !== 'ticket') return message
  const own = message.tickets?.[viewer.ticket]
  if (!own && !message.services) return null
  return {
    type: 'forecast',
    at: message.at,
    ...(own && { tickets: { [viewer.ticket]: own } }),
    ...(message.services && { services: message.services }),
  }
}
