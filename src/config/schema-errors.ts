// Turns TypeBox's JSON-pointer errors into `windows[0].services[1]: <what is wrong>` messages
// that a hall administrator can act on.

import type { TLocalizedValidationError } from 'typebox/error'
import { ID_PATTERN } from './hall-schema.ts'

export interface FieldError {
  path: string // e.g. `windows[0].services[1]`; `(document)` for the document itself
  message: string
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

/** Appends a key to a dotted path: numbers become `[n]`, odd keys become `["…"]`. */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number' || /^\d+$/.test(key)) return `${base}[${key}]`
  if (!IDENTIFIER.test(key)) return `${base}[${JSON.stringify(key)}]`
  return base === '' ? key : `${base}.${key}`
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
}

export const pointerToPath = (pointer: string): string => pointerSegments(pointer).reduce(joinPath, '')

function valueAt(root: unknown, pointer: string): unknown {
  let v: unknown = root
  for (const s of pointerSegments(pointer))
    v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[s] : undefined
  return v
}

const show = (v: unknown): string => JSON.stringify(v) ?? String(v)

function describe(e: TLocalizedValidationError, root: unknown): FieldError[] {
  const path = pointerToPath(e.instancePath)
  const at = (p: string): string => p || '(document)'
  switch (e.keyword) {
    case 'required':
      return e.params.requiredProperties.map((k) => ({ path: joinPath(path, k), message: 'is required' }))
    case 'additionalProperties':
      return e.params.additionalProperties.map((k) => ({ path: joinPath(path, k), message: `unknown field "${k}"` }))
    case 'enum':
      return [
        {
          path: at(path),
          message: `${show(valueAt(root, e.instancePath))} is not one of ${e.params.allowedValues.map(show).join(', ')}`,
        },
      ]
    case 'pattern': {
      const value = show(valueAt(root, e.instancePath))
      const what =
        e.params.pattern === ID_PATTERN
          ? 'is not a valid id (1–32 letters, digits, "_" or "-")'
          : e.params.pattern === '^[A-Z]{1,2}$'
            ? 'is not a valid prefix (one or two capital letters A–Z)'
            : `must match ${e.params.pattern}`
      return [{ path: at(path), message: `${value} ${what}` }]
    }
    case 'minLength':
      if (e.params.limit === 1) return [{ path: at(path), message: 'must not be empty' }]
      return [{ path: at(path), message: e.message }]
    case 'boolean':
      return [] // `additionalProperties: false` reports each extra key twice; the other report names it
    default:
      return [{ path: at(path), message: e.message }]
  }
}

export function schemaErrors(errors: TLocalizedValidationError[], root: unknown): FieldError[] {
  const seen = new Set<string>()
  const out: FieldError[] = []
  for (const fe of errors.flatMap((e) => describe(e, root))) {
    const key = `${fe.path}\u0000${fe.message}`
    if (!seen.has(key)) {
      seen.add(key)
      out.push(fe)
    }
  }
  return out
}
