// The masked holder (`4403**********1234`, `138****5678`) of the console's current ticket, so the
// clerk can check the person at the window. The live channel carries no identity (boards are
// public): the console reads the ticket once (staff see `holder`) and remembers it.
const REMEMBER = 500 // tickets; a day's worth at a busy window, then start over

/** Returns `holderOf(ticketId)`: the holder when known, else null (and `onFound()` once it is). */
export function holderLookup(api, onFound) {
  const known = new Map() // ticket id → holder, or null (none, or being read)
  return (ticketId) => {
    if (!ticketId) return null
    if (known.has(ticketId)) return known.get(ticketId)
    if (known.size >= REMEMBER) known.clear()
    known.set(ticketId, null)
    api
      .get(`/tickets/${encodeURIComponent(ticketId)}`)
      .then((ticket) => {
        if (!ticket?.holder) return
        known.set(ticketId, ticket.holder)
        onFound()
      })
      .catch(() => known.delete(ticketId)) // asked again at the next render
    return null
  }
}
