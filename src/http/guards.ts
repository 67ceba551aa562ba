// Role and scope checks for routes: each throws 403 QMS_ERR_FORBIDDEN with a reason.
import { canConfigureHall, canIssue, canOperateWindow, canReadHall, type Principal } from '../auth/principal.ts'
import { canActOnTicket } from '../auth/ticket-scope.ts'
import { QmsError } from '../domain/errors.ts'
import type { Ticket } from '../domain/types.ts'

const forbidden = (message: string): QmsError => new QmsError('QMS_ERR_FORBIDDEN', message)

export function mayRead(p: Principal, hall: string): void {
  if (!canReadHall(p, hall)) throw forbidden(`this token does not cover hall "${hall}"`)
}

export function mayConfigure(p: Principal, hall: string): void {
  if (!canConfigureHall(p, hall)) throw forbidden(`only admins and managers of hall "${hall}" configure it`)
}

export function mayIssue(p: Principal, hall: string): void {
  if (!canIssue(p, hall)) throw forbidden(`this token may not issue tickets in hall "${hall}"`)
}

export function mayOperateWindow(p: Principal, hall: string, window: string): void {
  if (!canOperateWindow(p, hall, window))
    throw forbidden(`this token may not operate window "${window}" of hall "${hall}"`)
}

export function mayActOnTicket(p: Principal, hall: string, ticket: Pick<Ticket, 'status' | 'window'>): void {
  if (!canActOnTicket(p, hall, ticket))
    throw forbidden('this token may not act on this ticket (not waiting and not at one of its windows)')
}
