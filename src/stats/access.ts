// Who reads reports and works on follow-up cases: admins, and managers whose token covers the
// halls concerned (a manager of an org unit holds the halls of its subtree).
import type { Principal } from '../auth/principal.ts'
import { coversHall } from '../auth/principal.ts'
import { QmsError } from '../domain/errors.ts'

export function mayManageHalls(p: Principal, halls: readonly string[]): void {
  if (p.role === 'admin') return
  if (p.role !== 'manager') throw new QmsError('QMS_ERR_FORBIDDEN', 'only admins and managers read reports and cases')
  const missing = halls.find((h) => !coversHall(p, h))
  if (missing !== undefined)
    throw new QmsError('QMS_ERR_FORBIDDEN', `this token does not cover hall "${missing}"`, { hall: missing })
}
