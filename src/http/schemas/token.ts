// Token bodies and views. Secrets appear once, in the creation answer.
import { Type } from 'typebox'
import { Id } from './common.ts'

const Role = Type.Enum(['admin', 'manager', 'clerk', 'device', 'display'])

export const CreateTokenBody = Type.Object(
  {
    role: Role,
    hall: Type.Optional(Id),
    halls: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 500 })),
    windows: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 500 })),
    device: Type.Optional(Id),
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    expiresInSeconds: Type.Optional(Type.Integer({ minimum: 60, maximum: 10 * 365 * 86400 })),
  },
  { additionalProperties: false },
)

export const TokenView = Type.Object({
  id: Type.String(),
  role: Role,
  halls: Type.Union([Type.Array(Type.String()), Type.Literal('*')]),
  windows: Type.Optional(Type.Array(Type.String())),
  device: Type.Optional(Type.String()),
  label: Type.Optional(Type.String()),
  createdAt: Type.String(),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
})

export const CreatedToken = Type.Object({
  token: TokenView,
  secret: Type.String({ description: 'shown once: use as `Authorization: Bearer <secret>`' }),
})

export const TokenParams = Type.Object({ id: Id })
