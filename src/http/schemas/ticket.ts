// Ticket bodies and views.
import { Type } from 'typebox'
import { Id } from './common.ts'

const STATUSES = ['waiting', 'called', 'serving', 'held', 'done', 'no_show', 'cancelled']
const Iso = Type.String({ description: 'ISO 8601 in the hall offset' })

export const TicketSummary = Type.Object({
  id: Type.String(),
  number: Type.String(),
  service: Type.String(),
  class: Type.String(),
  status: Type.Enum(STATUSES),
})

export const Ticket = Type.Object({
  id: Type.String({ description: 'unguessable; reading a ticket by id needs no token' }),
  hall: Type.String(),
  number: Type.String({ examples: ['A017'] }),
  service: Type.String(),
  class: Type.String({ description: '`normal` or a priority class id' }),
  priority: Type.Boolean(),
  status: Type.Enum(STATUSES),
  ahead: Type.Integer({ description: 'tickets before it in its queue (0 unless waiting)' }),
  etaMinutes: Type.Integer({ description: 'estimated wait, ceil(seconds / 60)' }),
  etaP10Minutes: Type.Optional(Type.Integer({ description: 'likely shortest wait (10th percentile), when forecast' })),
  etaP90Minutes: Type.Optional(Type.Integer({ description: 'likely longest wait (90th percentile), when forecast' })),
  issuedAt: Iso,
  window: Type.Optional(Type.String()),
  calledAt: Type.Optional(Iso),
  startedAt: Type.Optional(Iso),
  finishedAt: Type.Optional(Iso),
  recalls: Type.Integer(),
  transfers: Type.Integer(),
  requeues: Type.Integer(),
  rule: Type.Optional(Type.String({ description: 'which calling rule chose it' })),
  outcome: Type.Optional(Type.String()),
  holder: Type.Optional(
    Type.String({ description: 'masked identity of the holder (`4403**********1234`, `138****5678`), when given' }),
  ),
})

export const TicketEnvelope = Type.Object({ ticket: Ticket })

/** An ID-card number or mobile number: only a keyed hash and a masked form are kept. */
export const IdentityBody = Type.Object(
  {
    idCard: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: '18-character resident ID number' })),
    phone: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: 'mainland mobile number' })),
  },
  {
    additionalProperties: false,
    description: 'who the ticket is for: one active ticket per person and service; never stored raw',
  },
)

export const IssueBody = Type.Object(
  {
    service: Id,
    priority: Type.Optional(
      Type.Union([Type.Boolean(), Id], {
        description: "`true`: the hall's first-called class (green channel); or a priority class id",
      }),
    ),
    identity: Type.Optional(IdentityBody),
  },
  { additionalProperties: false },
)

export const IssueHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,128}$' })),
})

export const CompleteBody = Type.Object(
  { outcome: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_-]{0,31}$', description: 'default `completed`' })) },
  { additionalProperties: false },
)

export const TransferBody = Type.Union(
  [
    Type.Object({ service: Id }, { additionalProperties: false }),
    Type.Object({ window: Id }, { additionalProperties: false }),
  ],
  { description: 'exactly one of `service` or `window`' },
)

export const CallNextAnswer = Type.Object({
  ticket: Ticket,
  completed: Type.Optional(Ticket),
})
