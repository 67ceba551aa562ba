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
// message is serialised and UTF-8 encoded once per kind of viewer (full, or with the ticket id
// removed) and the bytes are shared, instead of once per socket: with thousands of phones
// watching, serialising and then encoding the same text for each socket was the fan-out's cost.
const fullData = new WeakMap<QueueEvent, Buffer>()
const redactedData = new WeakMap<QueueEvent, Buffer>()

/** The `event` message for this viewer, as sent on the socket (UTF-8 JSON, sent as a text frame). */
export function eventMessageData(viewer: LiveViewer, event: QueueEvent): Buffer {
  const redacted = viewer.kind === 'ticket' && event.ticket !== undefined && event.ticket !== viewer.ticket
  const cache = redacted ? redactedData : fullData
  let data = cache.get(event)
  if (data === undefined) {
    data = Buffer.from(JSON.stringify({ type: 'event', seq: event.seq, event: eventFor(viewer, event) }))
    cache.set(event, data)
  }
  return data
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
