// Who may mint, see and revoke which tokens. Admins: all. Managers: clerk, display and device
// tokens for their own halls (so a hall can run its own staff and devices). Nobody else.

import { QmsError } from '../domain/errors.ts'
import type { Principal, Role } from './principal.ts'
import type { TokenRecord } from './token-store.ts'

export interface TokenRequest {
  role: Role
  hall?: string
  halls?: string[]
  windows?: string[]
  device?: string
  label?: string
  expiresInSeconds?: number
}

/** What a token grants, checked for consistency with its role. */
export type TokenGrant = Pick<TokenRecord, 'role' | 'halls' | 'windows' | 'device'>

const MANAGED_ROLES: readonly Role[] = ['clerk', 'display', 'device']

const invalid = (field: string, message: string): QmsError =>
  new QmsError('QMS_ERR_VALIDATION', `body.${field}: ${message}`, { field })

/** Turns a request into a grant: admins cover every hall; the others name theirs. */
export function grantOf(req: TokenRequest): TokenGrant {
  if (req.role === 'admin') {
    if (req.hall !== undefined || req.halls !== undefined) throw invalid('halls', 'an admin token covers every hall')
    return { role: 'admin', halls: '*' }
  }
  if (req.hall !== undefined && req.halls !== undefined) throw invalid('halls', 'give either hall or halls')
  const halls = req.halls ?? (req.hall !== undefined ? [req.hall] : [])
  if (halls.length === 0) throw invalid('hall', 'is required')
  if (req.role !== 'manager' && halls.length > 1) throw invalid('halls', `a ${req.role} token covers exactly one hall`)
  if (req.windows !== undefined && req.role !== 'clerk' && req.role !== 'device') {
    throw invalid('windows', `a ${req.role} token is not bound to windows`)
  }
  if (req.role === 'clerk' && (req.windows === undefined || req.windows.length === 0)) {
    throw invalid('windows', 'a clerk token names the windows it may operate')
  }
  if (req.role === 'device' && req.device === undefined) throw invalid('device', 'is required for a device token')
  if (req.role !== 'device' && req.device !== undefined) throw invalid('device', 'only device tokens name a device')
  const grant: TokenGrant = { role: req.role, halls: [...new Set(halls)] }
  if (req.windows !== undefined) grant.windows = [...new Set(req.windows)]
  if (req.device !== undefined) grant.device = req.device
  return grant
}

const within = (halls: TokenRecord['halls'], scope: Principal['halls']): boolean =>
  scope === '*' || (halls !== '*' && halls.every((h) => scope.includes(h)))

/** May `p` see (list, revoke) a token with this grant? */
export function canManageToken(p: Principal, grant: Pick<TokenRecord, 'role' | 'halls'>): boolean {
  if (p.role === 'admin') return true
  return p.role === 'manager' && MANAGED_ROLES.includes(grant.role) && within(grant.halls, p.halls)
}

export function assertMayCreate(p: Principal, grant: TokenGrant): void {
  if (p.role !== 'admin' && p.role !== 'manager')
    throw new QmsError('QMS_ERR_FORBIDDEN', 'only admins and managers manage tokens')
  if (!canManageToken(p, grant)) {
    throw new QmsError('QMS_ERR_FORBIDDEN', `a ${p.role} may not create a ${grant.role} token for these halls`)
  }
}

export function assertMayList(p: Principal): void {
  if (p.role !== 'admin' && p.role !== 'manager')
    throw new QmsError('QMS_ERR_FORBIDDEN', 'only admins and managers manage tokens')
}
