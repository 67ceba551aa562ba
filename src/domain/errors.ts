// Stable error codes. Every failure a caller can cause carries one of these; HTTP status is mapped
// in exactly one place (src/http/error-map.ts), and the Lua scripts return negative codes mapped here.

export const ERROR_CODES = {
  QMS_ERR_VALIDATION: 400,
  QMS_ERR_BAD_JSON: 400,
  QMS_ERR_UNKNOWN_PRIORITY_CLASS: 400,
  QMS_ERR_UNAUTHORIZED: 401,
  QMS_ERR_FORBIDDEN: 403,
  QMS_ERR_NOT_FOUND: 404,
  QMS_ERR_HALL_NOT_FOUND: 404,
  QMS_ERR_SERVICE_NOT_FOUND: 404,
  QMS_ERR_WINDOW_NOT_FOUND: 404,
  QMS_ERR_TICKET_NOT_FOUND: 404,
  QMS_ERR_INVALID_TRANSITION: 409,
  QMS_ERR_WINDOW_NOT_OPEN: 409,
  QMS_ERR_WINDOW_BUSY: 409,
  QMS_ERR_NO_CURRENT_TICKET: 409,
  QMS_ERR_RECALL_LIMIT: 409,
  QMS_ERR_REQUEUE_NOT_ALLOWED: 409,
  QMS_ERR_DAILY_LIMIT: 409,
  QMS_ERR_HALL_CLOSED: 409,
  QMS_ERR_SERVICE_UNAVAILABLE: 409,
  QMS_ERR_IDEMPOTENCY_CONFLICT: 409,
  QMS_ERR_CONFIG_CONFLICT: 409,
  /** The person already holds an active ticket for this service today. */
  QMS_ERR_DUPLICATE_TICKET: 409,
  /** An ID-card number or phone number that is not well-formed (the value is never echoed). */
  QMS_ERR_IDENTITY_INVALID: 400,
  /** A priority class asked for without the eligibility it needs (green channel). */
  QMS_ERR_NOT_ELIGIBLE: 403,
  QMS_ERR_APPOINTMENT_NOT_FOUND: 404,
  /** The slot is full, not offered, in the past or outside the booking horizon. */
  QMS_ERR_SLOT_UNAVAILABLE: 409,
  /** One booking per person, service and day. */
  QMS_ERR_ALREADY_BOOKED: 409,
  /** Booking refused for repeated no-shows (until a date given in details). */
  QMS_ERR_BOOKING_RESTRICTED: 403,
  /** Too late to change or cancel the appointment, or it is no longer booked. */
  QMS_ERR_CHANGE_DEADLINE: 409,
  /** Check-in before the tolerance window around the slot opens. */
  QMS_ERR_CHECK_IN_TOO_EARLY: 409,
  /** One rating per ticket (一次一评): this ticket has been rated already. */
  QMS_ERR_ALREADY_RATED: 409,
  /** The ticket can no longer be rated: its rating time after completion is over. */
  QMS_ERR_RATING_CLOSED: 409,
  QMS_ERR_PAYLOAD_TOO_LARGE: 413,
  QMS_ERR_RATE_LIMITED: 429,
  QMS_ERR_INTERNAL: 500,
  QMS_ERR_UNAVAILABLE: 503,
  /** A report's statistics are still being built in the background (`details.built` / `missing`
   *  days, `Retry-After`); retry later. */
  QMS_ERR_REPORT_PREPARING: 503,
  /** Internal: the caller's cached hall configuration is older than the store's; reload and retry. */
  QMS_ERR_STALE_CONFIG: 500,
} as const

export type ErrorCode = keyof typeof ERROR_CODES

export class QmsError extends Error {
  readonly code: ErrorCode
  readonly details: Record<string, unknown> | undefined
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message)
    this.name = 'QmsError'
    this.code = code
    this.details = details
  }
  get statusCode(): number {
    return ERROR_CODES[this.code]
  }
}

export const isQmsError = (e: unknown): e is QmsError => e instanceof QmsError
