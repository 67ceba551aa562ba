// Checks allocation settings against the hall they are for: every window and service they name
// must exist, numbers must be in range. Errors name the field, as hall document errors do.

import type { HallDocument } from '../config/hall-document.ts'
import { QmsError } from '../domain/errors.ts'
import type { AllocSettings } from '../domain/alloc/types.ts'

const MODES = ['off', 'advise', 'auto']

export function validateSettings(s: AllocSettings, document: HallDocument): AllocSettings {
  const errors: string[] = []
  const windows = new Set(document.windows.map((w) => w.id))
  const services = new Set(document.services.map((x) => x.id))
  if (!MODES.includes(s.mode)) errors.push(`mode: one of ${MODES.join(', ')}`)
  if (!(s.targetLevel > 0 && s.targetLevel < 1)) errors.push('targetLevel: between 0 and 1')
  for (const k of [
    'targetWaitSec',
    'minDwellSec',
    'closeAfterSec',
    'lookAheadSec',
    'maxPauseSec',
    'proposalTtlSec',
  ] as const) {
    if (!(Number.isFinite(s[k]) && s[k] >= 0)) errors.push(`${k}: a number ≥ 0`)
  }
  if (!(s.targetWaitSec > 0)) errors.push('targetWaitSec: > 0')
  if (!(Number.isInteger(s.maxChangesPerTick) && s.maxChangesPerTick >= 1))
    errors.push('maxChangesPerTick: an integer ≥ 1')
  if (!(s.closeMargin >= 0 && s.closeMargin < 0.2)) errors.push('closeMargin: in [0, 0.2)')
  if (!(s.handlingAlarmFactor > 1)) errors.push('handlingAlarmFactor: > 1')
  if (s.patienceMeanSec !== null && !(s.patienceMeanSec > 0)) errors.push('patienceMeanSec: > 0 or null')
  if (s.maxStaffed !== null && !(Number.isInteger(s.maxStaffed) && s.maxStaffed >= 1))
    errors.push('maxStaffed: an integer ≥ 1 or null')
  for (const [w, skills] of Object.entries(s.flexible)) {
    if (!windows.has(w)) errors.push(`flexible.${w}: unknown window`)
    if (!Array.isArray(skills) || skills.length === 0) errors.push(`flexible.${w}: at least one service`)
    else for (const x of skills) if (!services.has(x)) errors.push(`flexible.${w}: unknown service "${x}"`)
  }
  for (const w of s.keepOpen) if (!windows.has(w)) errors.push(`keepOpen: unknown window "${w}"`)
  if (errors.length > 0)
    throw new QmsError('QMS_ERR_VALIDATION', `invalid allocation settings: ${errors.join('; ')}`, { errors })
  return {
    ...s,
    flexible: Object.fromEntries(Object.entries(s.flexible).map(([w, x]) => [w, [...x]])),
    keepOpen: [...s.keepOpen],
  }
}
