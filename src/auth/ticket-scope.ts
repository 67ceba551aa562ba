// Which tickets a window-bound principal may act on. Clerks (and window-bound devices such as
// keypads) act on waiting tickets of their hall and on tickets at, or held by, their windows;
// managers and admins act on any ticket of their halls; displays act on none.

import type { Ticket } from '../domain/types.ts'
import { coversHall, type Principal } from './principal.ts'

export function canActOnTicket(p: Principal, hall: string, ticket: Pick<Ticket, 'status' | 'window'>): boolean {
  if (!coversHall(p, hall)) return false
  if (p.role === 'admin' || p.role === 'manager') return true
  if (p.role !== 'clerk' && p.role !== 'device') return false
  if (p.windows === undefined) return true // bound to the whole hall (e.g. the firmware bridge)
  if (ticket.status === 'waiting') return true
  return ticket.window !== null && p.windows.includes(ticket.window)
}
