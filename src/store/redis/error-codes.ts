// The one place where the scripts' negative return codes become QmsErrors. The Lua side gets the
// same table (as `E`) prepended by the script loader, so the numbers are written only here.
import { QmsError, type ErrorCode } from '../../domain/errors.ts'

export const SCRIPT_ERRORS = {
  HALL_NOT_FOUND: -1,
  STALE_CONFIG: -2,
  SERVICE_NOT_FOUND: -3,
  WINDOW_NOT_FOUND: -4,
  TICKET_NOT_FOUND: -5,
  INVALID_TRANSITION: -6,
  WINDOW_NOT_OPEN: -7,
  WINDOW_BUSY: -8,
  NO_CURRENT_TICKET: -9,
  RECALL_LIMIT: -10,
  REQUEUE_NOT_ALLOWED: -11,
  DAILY_LIMIT: -12,
  IDEMPOTENCY_CONFLICT: -13,
  CONFIG_CONFLICT: -14,
  INTERNAL: -15,
  DUPLICATE_TICKET: -16,
} as const

type ScriptError = keyof typeof SCRIPT_ERRORS
/** What a script says about a failure (e.g. the ticket's number and current status). */
export type Detail = Record<string, string | number | null | undefined>

const byNumber = new Map<number, ScriptError>(
  Object.entries(SCRIPT_ERRORS).map(([name, n]) => [n, name as ScriptError]),
)

/** The fields of a detail that become QmsError.details (the rest only feeds the message). */
const PUBLIC_DETAIL: Partial<Record<ScriptError, string[]>> = {
  INVALID_TRANSITION: ['status'],
  WINDOW_NOT_OPEN: ['status'],
  CONFIG_CONFLICT: ['window', 'service'],
}

const describe: Record<ScriptError, (d: Detail, hall: string, op: string) => string> = {
  HALL_NOT_FOUND: (_d, hall) => `hall ${hall} not found`,
  STALE_CONFIG: (_d, hall) => `the configuration of hall ${hall} changed during the operation; retry`,
  SERVICE_NOT_FOUND: (d, hall) => `service ${d.service} not found in hall ${hall}`,
  WINDOW_NOT_FOUND: (d, hall) => `window ${d.window} not found in hall ${hall}`,
  TICKET_NOT_FOUND: (d, hall) => `ticket ${d.ticket} not found in hall ${hall}`,
  INVALID_TRANSITION: (d, _hall, op) =>
    d.queue
      ? `ticket ${d.number} already waits in ${d.queue}`
      : d.number
        ? `ticket ${d.number} is ${d.status}; cannot ${op}`
        : `window ${d.window} is ${d.status}; only an open window can pause`,
  WINDOW_NOT_OPEN: (d) => `window ${d.window} is ${d.status}`,
  WINDOW_BUSY: (d, _hall, op) =>
    op === 'close'
      ? `window ${d.window} still has a ticket; finish it before closing`
      : `window ${d.window} is serving another ticket`,
  NO_CURRENT_TICKET: (d) => `window ${d.window} has no called ticket to recall`,
  RECALL_LIMIT: (d) => `ticket ${d.number} was already recalled ${d.recalls} times`,
  REQUEUE_NOT_ALLOWED: (d) => `ticket ${d.number} may not be re-queued`,
  DAILY_LIMIT: (d) => `service ${d.service} has reached its daily limit of ${d.limit}`,
  IDEMPOTENCY_CONFLICT: () => 'idempotency key already used for another service or class',
  CONFIG_CONFLICT: (d) =>
    d.window
      ? `window ${d.window} cannot be removed: it is ${d.status} or holds tickets`
      : `service ${d.service} cannot be removed: tickets are waiting for it`,
  INTERNAL: (d) => `queue store is inconsistent: ${d.what}`,
  DUPLICATE_TICKET: (d) => `this person already holds an active ticket for service ${d.service}`,
}

/** `-2` is not an error for callers: the store reloads the hall's configuration and retries. */
export const isStale = (code: number): boolean => code === SCRIPT_ERRORS.STALE_CONFIG

export function scriptError(code: number, detail: Detail, hall: string, op: string): QmsError {
  const name = byNumber.get(code)
  if (!name) return new QmsError('QMS_ERR_INTERNAL', `unexpected script reply ${code} (${op})`)
  const keys = PUBLIC_DETAIL[name]
  const details = keys
    ? Object.fromEntries(keys.filter((k) => detail[k] != null).map((k) => [k, detail[k]]))
    : undefined
  const qmsCode = `QMS_ERR_${name}` as ErrorCode
  return new QmsError(qmsCode, describe[name](detail, hall, op), details)
}

/** Lua source declaring `local E = {...}` with the same numbers. */
export const luaErrorTable = (): string =>
  `local E = {${Object.entries(SCRIPT_ERRORS)
    .map(([k, v]) => `${k} = ${v}`)
    .join(', ')}}\n`
