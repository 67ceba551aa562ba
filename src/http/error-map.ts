// The one place where errors become HTTP answers. Status codes come from ERROR_CODES
// (src/domain/errors.ts); Fastify's own errors are translated to our codes here too, so every
// answer has the same body: {statusCode, code, error, message}.

import { STATUS_CODES } from 'node:http'
import { ERROR_CODES, type ErrorCode } from '../domain/errors.ts'

export interface ErrorBody {
  statusCode: number
  code: ErrorCode
  error: string // the HTTP reason phrase
  message: string
  requestId?: string // only on 5xx answers, to find the logged error
  details?: Record<string, unknown> // only on 4xx answers: e.g. the fields of a rejected document
}

export interface HttpError {
  statusCode: number
  error: string
}

/** code → HTTP status and reason phrase, built from ERROR_CODES. */
export const HTTP_ERRORS = Object.fromEntries(
  (Object.entries(ERROR_CODES) as [ErrorCode, number][]).map(([code, statusCode]) => [
    code,
    { statusCode, error: STATUS_CODES[statusCode] ?? 'Error' },
  ]),
) as Record<ErrorCode, HttpError>

/** Fastify and plugin error codes that a client can cause, and what they mean to us. */
export const FRAMEWORK_ERRORS: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'QMS_ERR_BAD_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'QMS_ERR_BAD_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'QMS_ERR_PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'QMS_ERR_VALIDATION',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'QMS_ERR_VALIDATION',
  FST_ERR_VALIDATION: 'QMS_ERR_VALIDATION',
  FST_ERR_NOT_FOUND: 'QMS_ERR_NOT_FOUND',
  FST_ERR_BAD_URL: 'QMS_ERR_VALIDATION', // undecodable %-escapes in the path
  FST_ERR_ASYNC_CONSTRAINT: 'QMS_ERR_INTERNAL',
}

/** Other client errors carry only a status (e.g. from a plugin): pick the matching code. */
const BY_STATUS: Record<number, ErrorCode> = {
  401: 'QMS_ERR_UNAUTHORIZED',
  403: 'QMS_ERR_FORBIDDEN',
  404: 'QMS_ERR_NOT_FOUND',
  413: 'QMS_ERR_PAYLOAD_TOO_LARGE',
  429: 'QMS_ERR_RATE_LIMITED',
}

export function codeForStatus(statusCode: number): ErrorCode {
  if (statusCode >= 500) return statusCode === 503 ? 'QMS_ERR_UNAVAILABLE' : 'QMS_ERR_INTERNAL'
  return BY_STATUS[statusCode] ?? 'QMS_ERR_VALIDATION'
}

/** Connection-level failures of a store client (ioredis while Redis restarts, pg while Postgres is
 *  away): the store is unreachable, so 503 QMS_ERR_UNAVAILABLE (retry), not a 500 bug. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTCONN'])
const UNREACHABLE_MESSAGES = /^(Connection is closed|Stream isn't writeable|Reached the max retries per request limit)/

export function storeUnreachable(err: Error & { code?: unknown }): boolean {
  if (err.name === 'MaxRetriesPerRequestError') return true
  if (typeof err.code === 'string' && UNREACHABLE_CODES.has(err.code)) return true
  return UNREACHABLE_MESSAGES.test(err.message)
}

/** Messages of 5xx answers are fixed: internals (stack, driver messages, keys) never leave. */
const SERVER_MESSAGES: Partial<Record<ErrorCode, string>> = {
  QMS_ERR_UNAVAILABLE: 'service unavailable',
  QMS_ERR_REPORT_PREPARING: 'statistics are being prepared; retry later',
}
/** The only details a 5xx answer may carry: numbers under these names (a progress figure). */
const SERVER_DETAILS: Partial<Record<ErrorCode, readonly string[]>> = { QMS_ERR_REPORT_PREPARING: ['built', 'missing'] }
const MAX_MESSAGE = 500

export function errorBody(
  code: ErrorCode,
  message: string,
  extra: { requestId?: string; details?: Record<string, unknown> } = {},
): ErrorBody {
  const { statusCode, error } = HTTP_ERRORS[code]
  if (statusCode >= 500) {
    const body: ErrorBody = { statusCode, code, error, message: SERVER_MESSAGES[code] ?? 'internal error' }
    if (extra.requestId) body.requestId = extra.requestId
    const shown = (SERVER_DETAILS[code] ?? []).filter((k) => typeof extra.details?.[k] === 'number')
    if (shown.length) body.details = Object.fromEntries(shown.map((k) => [k, extra.details![k]]))
    return body
  }
  const short = message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message
  const body: ErrorBody = { statusCode, code, error, message: short }
  if (extra.details) body.details = extra.details
  return body
}
