// The rules of a rating (一次一评, GB/T 39734-2020), pure: which grades need reasons, which
// callers may rate, and until when. The route and the service apply them; the one-per-ticket
// rule is the evaluations table's primary key.
import type { Principal } from '../auth/principal.ts'
import type { DeviceConfig } from '../config/hall-document.ts'
import { QmsError } from '../domain/errors.ts'
import type { EvaluationSettings } from './settings.ts'

/** 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意. */
export const GRADE_NAMES: Record<number, string> = {
  5: '非常满意',
  4: '满意',
  3: '基本满意',
  2: '不满意',
  1: '非常不满意',
}
export const isBadGrade = (grade: number): boolean => grade <= 2
export const isSatisfied = (grade: number): boolean => grade >= 4
export const COMMENT_MAX = 300

export interface RatingInput {
  grade: number
  reasons?: string[]
  comment?: string
}

export interface CheckedRating {
  grade: number
  reasons: string[]
  comment: string | null
}

/** Where a rating came from: the window's hardware evaluator (through the firmware bridge), a
 *  tablet running the evaluator page, or the citizen's phone (the ticket page). */
export type RatingChannel = 'device' | 'tablet' | 'mobile'

const invalid = (field: string, message: string): QmsError =>
  new QmsError('QMS_ERR_VALIDATION', `body.${field}: ${message}`, { field })

export function checkRating(input: RatingInput, settings: Pick<EvaluationSettings, 'reasons'>): CheckedRating {
  const { grade } = input
  if (!Number.isInteger(grade) || grade < 1 || grade > 5)
    throw invalid('grade', 'must be 1 (非常不满意) … 5 (非常满意)')
  const reasons = [...new Set(input.reasons ?? [])]
  const comment = input.comment?.trim() || null
  if (!isBadGrade(grade)) {
    if (reasons.length > 0) throw invalid('reasons', 'reasons are asked only for 不满意 and 非常不满意')
    if (comment !== null) throw invalid('comment', 'a comment is asked only for 不满意 and 非常不满意')
    return { grade, reasons: [], comment: null }
  }
  if (reasons.length === 0)
    throw invalid('reasons', `请选择${GRADE_NAMES[grade]}的原因 / a reason is required for this grade`)
  const known = new Set(settings.reasons.map((r) => r.id))
  const unknown = reasons.find((r) => !known.has(r))
  if (unknown !== undefined) throw invalid('reasons', `unknown reason "${unknown}"`)
  if (comment !== null && comment.length > COMMENT_MAX) throw invalid('comment', `at most ${COMMENT_MAX} characters`)
  return { grade, reasons, comment }
}

const forbidden = (message: string): QmsError => new QmsError('QMS_ERR_FORBIDDEN', message)

/**
 * Who may rate: the ticket holder (no token: the unguessable ticket id is the key), or an
 * evaluator device of the window that served the ticket. Never staff: no rating on the citizen's
 * behalf. Returns the channel the rating came through.
 */
export function raterChannel(
  p: Principal | null,
  hall: string,
  ticketWindow: string | null,
  devices: readonly DeviceConfig[],
): RatingChannel {
  if (p === null) return 'mobile'
  if (p.role !== 'device') throw forbidden(`a ${p.role} token may not rate: only the citizen rates (一次一评)`)
  if (p.halls !== '*' && !p.halls.includes(hall)) throw forbidden(`this token does not cover hall "${hall}"`)
  const registered = p.device === undefined ? undefined : devices.find((d) => d.id === p.device)
  if (registered !== undefined && registered.type !== 'evaluator')
    throw forbidden(`device "${p.device}" is a ${registered.type}, not an evaluator`)
  if (p.windows !== undefined && (ticketWindow === null || !p.windows.includes(ticketWindow)))
    throw forbidden('this evaluator may rate only services of its own window')
  return registered !== undefined ? 'device' : 'tablet'
}

/** A rating is taken only for a completed service, from its completion until `ratingMinutes` later. */
export function checkRatingTime(
  ticket: { status: string; finishedAt: number | null },
  now: number,
  settings: Pick<EvaluationSettings, 'ratingMinutes'>,
): number {
  if (ticket.status !== 'done' || ticket.finishedAt === null)
    throw new QmsError('QMS_ERR_INVALID_TRANSITION', '办理完成后才能评价 / only a completed service can be rated', {
      status: ticket.status,
    })
  const until = ticket.finishedAt + settings.ratingMinutes * 60_000
  if (now > until)
    throw new QmsError('QMS_ERR_RATING_CLOSED', '评价时间已过 / the time to rate this service is over', {
      until: new Date(until).toISOString(),
    })
  return ticket.finishedAt
}
