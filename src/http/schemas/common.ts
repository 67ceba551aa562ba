// Schemas shared by every route: path ids, the error body, empty bodies.
import { Type } from 'typebox'
import { ERROR_CODES } from '../../domain/errors.ts'

/** Path ids: letters, digits, `_` and `-` only, so `..`, `/` and `%2F` never reach the store. */
export const ID_PATTERN = '^[A-Za-z0-9_-]{1,64}$'
export const Id = Type.String({ pattern: ID_PATTERN })

export const HallParams = Type.Object({ hall: Id })
export const HallWindowParams = Type.Object({ hall: Id, window: Id })
export const HallTicketParams = Type.Object({ hall: Id, ticket: Id })

export const ErrorBody = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.Enum(Object.keys(ERROR_CODES)),
    error: Type.String(),
    message: Type.String(),
    requestId: Type.Optional(Type.String()),
    details: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { description: 'Every error answer. `code` is stable (QMS_ERR_*); `message` is for people.' },
)

/** Error answers for the OpenAPI document (every route may answer these). */
export const errorResponses = {
  '4xx': ErrorBody,
  '5xx': ErrorBody,
} as const

/** A body that may be absent or `{}` and nothing else (absent bodies: see validator.ts). */
export const NoBody = Type.Object({}, { additionalProperties: false })

export const bearer = [{ bearer: [] }]
