// Cross-reference checks of a hall document: unique ids and prefixes, windows, weights and devices
// that name existing services and windows, priority classes with distinct ranks.

import type { HallDocumentInput } from './hall-schema.ts'
import type { FieldError } from './schema-errors.ts'
import { joinPath } from './schema-errors.ts'
import { NORMAL_CLASS } from '../domain/types.ts'
import { isValidTimezone } from '../domain/calendar.ts'
import { DEFAULT_PRIORITY_CLASSES, DEFAULTS } from './hall-document.ts'

/** Reports every item whose `key` repeats an earlier one. */
function checkUnique<T>(
  items: T[],
  base: string,
  field: string,
  key: (item: T) => string | number,
  what: string,
  errors: FieldError[],
): void {
  const first = new Map<string | number, number>()
  for (const [i, item] of items.entries()) {
    const k = key(item)
    const j = first.get(k)
    if (j === undefined) first.set(k, i)
    else
      errors.push({
        path: `${base}[${i}].${field}`,
        message: `${what} ${JSON.stringify(k)} is already used by ${base}[${j}]`,
      })
  }
}

/** Devices that act for one window must say which. */
const WINDOW_BOUND_DEVICES = new Set(['keypad', 'evaluator'])

export function checkReferences(doc: HallDocumentInput): FieldError[] {
  const errors: FieldError[] = []
  if (!isValidTimezone(doc.timezone)) {
    errors.push({
      path: 'timezone',
      message: `unknown timezone "${doc.timezone}" (use an IANA name such as "Asia/Shanghai")`,
    })
  }

  checkUnique(doc.services, 'services', 'id', (s) => s.id, 'id', errors)
  checkUnique(doc.services, 'services', 'prefix', (s) => s.prefix, 'prefix', errors)
  const services = new Set(doc.services.map((s) => s.id))

  checkUnique(doc.windows, 'windows', 'id', (w) => w.id, 'id', errors)
  for (const [i, w] of doc.windows.entries()) {
    const served = new Set<string>()
    for (const [j, id] of w.services.entries()) {
      const path = `windows[${i}].services[${j}]`
      if (!services.has(id)) errors.push({ path, message: `unknown service "${id}"` })
      else if (served.has(id)) errors.push({ path, message: `service "${id}" is listed twice` })
      served.add(id)
    }
    for (const id of Object.keys(w.policy?.weights ?? {})) {
      const path = joinPath(`windows[${i}].policy.weights`, id)
      if (!services.has(id)) errors.push({ path, message: `unknown service "${id}"` })
      else if (!served.has(id)) errors.push({ path, message: `window "${w.id}" does not serve service "${id}"` })
    }
  }
  const windows = new Set(doc.windows.map((w) => w.id))

  const classes = doc.priorityClasses ?? []
  checkUnique(classes, 'priorityClasses', 'id', (c) => c.id, 'id', errors)
  checkUnique(classes, 'priorityClasses', 'rank', (c) => c.rank, 'rank', errors)
  for (const [i, c] of classes.entries()) {
    if (c.id === NORMAL_CLASS) {
      errors.push({
        path: `priorityClasses[${i}].id`,
        message: `"${NORMAL_CLASS}" is reserved for tickets without a priority class`,
      })
    }
  }

  const classIds = new Set((doc.priorityClasses ?? DEFAULT_PRIORITY_CLASSES).map((c) => c.id))
  if (doc.appointments !== undefined) {
    for (const id of Object.keys(doc.appointments.services)) {
      if (!services.has(id))
        errors.push({ path: joinPath('appointments.services', id), message: `unknown service "${id}"` })
    }
    const cls = doc.appointments.class ?? DEFAULTS.appointments.class
    if (!classIds.has(cls)) errors.push({ path: 'appointments.class', message: `unknown priority class "${cls}"` })
  }
  if (doc.greenChannel !== undefined) {
    const cls = doc.greenChannel.class ?? DEFAULTS.greenChannelClass
    if (!classIds.has(cls)) errors.push({ path: 'greenChannel.class', message: `unknown priority class "${cls}"` })
  }

  const devices = doc.devices ?? []
  checkUnique(devices, 'devices', 'id', (d) => d.id, 'id', errors)
  for (const [i, d] of devices.entries()) {
    if (d.window !== undefined && !windows.has(d.window)) {
      errors.push({ path: `devices[${i}].window`, message: `unknown window "${d.window}"` })
    } else if (d.window === undefined && WINDOW_BOUND_DEVICES.has(d.type)) {
      errors.push({ path: `devices[${i}].window`, message: `a ${d.type} acts for one window and must name it` })
    }
  }
  checkUnique(doc.evaluation?.reasons ?? [], 'evaluation.reasons', 'id', (r) => r.id, 'id', errors)
  return errors
}
