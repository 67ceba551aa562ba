// Which clerk served a ticket, from the audit log (every successful mutating request is recorded
// with its token, route and target: the ticket id for ticket actions, the window id for window
// actions). Pure: rows in, token id out.
//
// 1. The token that finished the ticket (complete / no-show), else the one that started it, else
//    any other action on it (hold, resume, transfer…).
// 2. Otherwise (a keypad or console that only presses "call next", which also completes the
//    current ticket) the call-next at the ticket's window recorded right after the call (the audit
//    row is written when the answer is sent, so a few milliseconds after the event), else the
//    latest action at that window before the call (the clerk who opened it).

export interface AuditAction {
  tokenId: string | null
  action: string // e.g. "POST /api/v1/halls/:hall/tickets/:ticket/complete"
  target: string | null
  at: number
}

export interface AttributedTicket {
  id: string
  window: string | null
  calledAt: number | null
}

/** How long after a call its call-next audit row may be recorded. */
export const CALL_AUDIT_SLACK_MS = 10_000

const TICKET_PREFERENCE = ['/complete', '/no-show', '/start']
const isTicketAction = (a: AuditAction): boolean => a.action.includes('/tickets/:ticket/')
const isWindowAction = (a: AuditAction): boolean => a.action.includes('/windows/:window/')

export class ClerkAttribution {
  readonly #byTicket = new Map<string, AuditAction[]>()
  readonly #byWindow = new Map<string, AuditAction[]>() // sorted by time

  constructor(actions: readonly AuditAction[]) {
    for (const a of actions) {
      if (a.tokenId === null || a.target === null) continue
      const map = isTicketAction(a) ? this.#byTicket : isWindowAction(a) ? this.#byWindow : null
      if (map === null) continue
      const list = map.get(a.target)
      if (list) list.push(a)
      else map.set(a.target, [a])
    }
    for (const list of this.#byWindow.values()) list.sort((x, y) => x.at - y.at)
  }

  clerkOf(t: AttributedTicket): string | null {
    const own = this.#byTicket.get(t.id)
    if (own) {
      for (const suffix of TICKET_PREFERENCE) {
        const hit = own.filter((a) => a.action.endsWith(suffix)).at(-1)
        if (hit) return hit.tokenId
      }
      return own.at(-1)!.tokenId
    }
    if (t.window === null || t.calledAt === null) return null
    const list = this.#byWindow.get(t.window)
    if (!list) return null
    const calledAt = t.calledAt
    const call = list.find(
      (a) => a.action.endsWith('/call-next') && a.at >= calledAt && a.at <= calledAt + CALL_AUDIT_SLACK_MS,
    )
    if (call) return call.tokenId
    return list.filter((a) => a.at <= calledAt).at(-1)?.tokenId ?? null
  }
}
