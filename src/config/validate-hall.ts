// Validates a hall document: shape (TypeBox schema), then meaning (references, times, dates),
// and returns it with every default filled in. Every error names the field it is about.

import { Compile } from 'typebox/compile'
import { Settings } from 'typebox/system'
import { QmsError } from '../domain/errors.ts'
import { HallDocumentSchema, type HallDocumentInput } from './hall-schema.ts'
import { withDefaults, type HallDocument } from './hall-document.ts'
import { schemaErrors, type FieldError } from './schema-errors.ts'
import { checkReferences } from './reference-checks.ts'
import { checkHours } from './hours-checks.ts'

export type { FieldError }
export type HallValidation = { ok: true; document: HallDocument } | { ok: false; errors: FieldError[] }

const validator = Compile(HallDocumentSchema)
/** TypeBox stops collecting after `maxErrors` (a global, default 8); an admin fixing a file wants more. */
const MAX_SCHEMA_ERRORS = 50

function collectSchemaErrors(input: unknown): FieldError[] {
  const previous = Settings.Get().maxErrors
  Settings.Set({ maxErrors: MAX_SCHEMA_ERRORS })
  try {
    return schemaErrors(validator.Errors(input), input)
  } finally {
    Settings.Set({ maxErrors: previous }) // synchronous: nothing else runs in between
  }
}

export function validateHallDocument(input: unknown): HallValidation {
  if (!validator.Check(input)) {
    const errors = collectSchemaErrors(input)
    return {
      ok: false,
      errors: errors.length > 0 ? errors : [{ path: '(document)', message: 'is not a valid hall document' }],
    }
  }
  const doc = input as HallDocumentInput
  const errors = [...checkReferences(doc), ...(doc.hours ? checkHours(doc.hours) : [])]
  if (errors.length > 0) return { ok: false, errors }
  return { ok: true, document: withDefaults(doc) }
}

/** `path: message` lines, for logs and error messages. */
export const formatFieldErrors = (errors: FieldError[]): string =>
  errors.map((e) => `${e.path}: ${e.message}`).join('\n')

/** The validated document, or QMS_ERR_VALIDATION whose message lists every bad field (details: `errors`). */
export function parseHallDocument(input: unknown, source = 'hall document'): HallDocument {
  const result = validateHallDocument(input)
  if (result.ok) return result.document
  throw new QmsError('QMS_ERR_VALIDATION', `${source}: invalid hall document:\n${formatFieldErrors(result.errors)}`, {
    errors: result.errors,
  })
}
