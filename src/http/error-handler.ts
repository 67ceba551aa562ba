// Error answers for the whole app: one error handler, one not-found handler and a JSON body parser
// whose failures carry our codes. Every body is built by error-map.ts.

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify'
import type { TLocalizedValidationError } from 'typebox/error'
import { schemaErrors } from '../config/schema-errors.ts'
import { isQmsError, QmsError, type ErrorCode } from '../domain/errors.ts'
import { codeForStatus, errorBody, FRAMEWORK_ERRORS, storeUnreachable } from './error-map.ts'

/** `body.service: is required; body.priority: …` from the validator's errors. */
function validationMessage(errors: FastifySchemaValidationError[], context: string | undefined, root: unknown): string {
  const where = context ?? 'request'
  try {
    const fields = schemaErrors(errors as unknown as TLocalizedValidationError[], root)
    if (fields.length > 0) {
      return fields
        .map((f) =>
          `${where}${f.path.startsWith('[') ? '' : '.'}${f.path === '(document)' ? '' : f.path}: ${f.message}`.replace(
            '.: ',
            ': ',
          ),
        )
        .join('; ')
    }
  } catch {
    // not a TypeBox error list: fall back to the raw messages below
  }
  return errors.map((e) => `${where}${e.instancePath.replaceAll('/', '.')}: ${e.message ?? 'is invalid'}`).join('; ')
}

const requestPart = (request: FastifyRequest, context: string | undefined): unknown =>
  context === 'body'
    ? request.body
    : context === 'params'
      ? request.params
      : context === 'querystring'
        ? request.query
        : context === 'headers'
          ? request.headers
          : undefined

export interface Classified {
  code: ErrorCode
  message: string
  details?: Record<string, unknown>
}

export function classify(err: FastifyError | QmsError | Error, request: FastifyRequest): Classified {
  if (isQmsError(err))
    return err.details
      ? { code: err.code, message: err.message, details: err.details }
      : { code: err.code, message: err.message }
  const fe = err as FastifyError
  if (fe.validation) {
    return {
      code: 'QMS_ERR_VALIDATION',
      message: validationMessage(fe.validation, fe.validationContext, requestPart(request, fe.validationContext)),
    }
  }
  const mapped = fe.code ? FRAMEWORK_ERRORS[fe.code] : undefined
  if (mapped === 'QMS_ERR_BAD_JSON') return { code: mapped, message: 'request body is not valid JSON' }
  if (mapped === 'QMS_ERR_PAYLOAD_TOO_LARGE') return { code: mapped, message: 'request body is too large' }
  if (mapped === 'QMS_ERR_VALIDATION' && fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return { code: mapped, message: 'request body must be application/json' }
  }
  if (mapped) return { code: mapped, message: fe.message }
  if (storeUnreachable(fe)) return { code: 'QMS_ERR_UNAVAILABLE', message: fe.message }
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500
  return { code: codeForStatus(status), message: fe.message }
}

export function sendError(
  reply: FastifyReply,
  code: ErrorCode,
  message: string,
  details?: Record<string, unknown>,
): FastifyReply {
  const body = errorBody(code, message, { requestId: reply.request.id, ...(details && { details }) })
  return reply.code(body.statusCode).type('application/json; charset=utf-8').send(body)
}

/** For Fastify's `frameworkErrors` option: errors raised before routing (e.g. a bad URL). */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const { code, message } = classify(error, request)
  void sendError(reply, code, code === 'QMS_ERR_VALIDATION' ? 'the address is not valid' : message)
}

export function installErrorHandling(app: FastifyInstance): void {
  // Fastify's parser (prototype poisoning → error), except that an empty body counts as no body:
  // `POST …/call-next` with `Content-Type: application/json` and nothing else is a normal call.
  const strict = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = String(body)
    if (text.length === 0) return done(null, undefined)
    strict(req, text, (err, value) => {
      // Every body of this API is a JSON object; a literal `null` would look like no body at all.
      if (!err && value === null)
        return done(new QmsError('QMS_ERR_VALIDATION', 'body: must be a JSON object, not null'))
      done(err, value)
    })
  })

  app.setErrorHandler((err: FastifyError | QmsError, request, reply) => {
    const { code, message, details } = classify(err, request)
    const status = errorBody(code, message).statusCode
    if (status >= 500) request.log.error({ err, reqId: request.id }, 'request failed')
    else request.log.info({ code, statusCode: status }, message.slice(0, 200))
    return sendError(reply, code, message, details)
  })

  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 'QMS_ERR_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]!.slice(0, 200)}`),
  )
}
