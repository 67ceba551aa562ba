// Route validation with TypeBox (unknown fields are rejected, never stripped, and bodies are not
// coerced). An absent body is accepted as `{}` where the schema requires nothing, so
// `POST …/pause` works with and without `{"reason": …}`.
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox'
import type { FastifySchemaCompiler } from 'fastify'
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'

const acceptsEmptyBody = (schema: unknown): boolean => {
  const s = schema as { type?: unknown; required?: unknown[] }
  return s.type === 'object' && (s.required === undefined || s.required.length === 0)
}

/** Params and headers are strings: when the schema wants nothing but strings, converting first
 *  (the library's dynamic Value.Convert, on every request) cannot change the outcome. */
const onlyStringProperties = (schema: unknown): boolean => {
  const s = schema as { type?: unknown; properties?: Record<string, { type?: unknown }> }
  return (
    s.type === 'object' && s.properties !== undefined && Object.values(s.properties).every((p) => p.type === 'string')
  )
}

export const validatorCompiler: FastifySchemaCompiler<TSchema> = (route) => {
  const part = route.httpPart
  if ((part === 'params' || part === 'headers') && onlyStringProperties(route.schema)) {
    const compiled = Compile(route.schema)
    return (value) => (compiled.Check(value) ? { value } : { error: compiled.Errors(value) })
  }
  const check = TypeBoxValidatorCompiler(route)
  if (route.httpPart !== 'body' || !acceptsEmptyBody(route.schema)) return check
  // No payload reaches the validator as null or undefined; a JSON `null` payload never gets here
  // (error-handler.ts refuses it while parsing).
  return (value) => (value === undefined || value === null ? { value: {} } : check(value))
}
