// `priority` in an issue request → the ticket's class. `true` means the hall's first-called class
// (the green channel in the default document); a string names a class; absent/false is normal.

import { QmsError } from '../domain/errors.ts'
import { NORMAL_CLASS, type HallRuntime } from '../domain/types.ts'

export type PriorityInput = boolean | string | undefined

export function priorityClassOf(runtime: HallRuntime, priority: PriorityInput): string {
  if (priority === undefined || priority === false || priority === NORMAL_CLASS) return NORMAL_CLASS
  if (priority === true) {
    const first = runtime.classBands[0]
    if (first === undefined || first === NORMAL_CLASS) {
      throw new QmsError('QMS_ERR_UNKNOWN_PRIORITY_CLASS', 'this hall has no priority classes')
    }
    return first
  }
  if (!Object.hasOwn(runtime.classes, priority)) {
    throw new QmsError('QMS_ERR_UNKNOWN_PRIORITY_CLASS', `unknown priority class "${priority}"`, { priority })
  }
  return priority
}
