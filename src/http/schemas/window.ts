// Window and hall-state views.
import { Type } from 'typebox'
import { TicketSummary } from './ticket.ts'

const Iso = Type.String({ description: 'ISO 8601 in the hall offset' })

export const Window = Type.Object({
  id: Type.String(),
  name: Type.Optional(Type.String()),
  status: Type.Enum(['closed', 'open', 'paused']),
  reason: Type.Optional(Type.String()),
  since: Iso,
  current: Type.Optional(TicketSummary),
  queueLength: Type.Optional(Type.Integer()),
})

export const WindowEnvelope = Type.Object({ window: Window })

export const PauseBody = Type.Object(
  { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
  { additionalProperties: false },
)

export const HallState = Type.Object({
  hall: Type.String(),
  seq: Type.Integer({ description: 'last event included' }),
  at: Iso,
  windows: Type.Array(Window),
  services: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.Optional(Type.String()),
      waiting: Type.Integer(),
      openWindows: Type.Integer(),
      etaMinutes: Type.Integer(),
      oldestWaitSec: Type.Integer({
        description: 'seconds since the oldest waiting ticket of the service was issued (0 when none waits)',
      }),
    }),
  ),
})
