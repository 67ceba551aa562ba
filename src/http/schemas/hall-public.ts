// What anyone may read of a hall (the mobile ticket page has no token): names and what a citizen
// sees on the board and the ticket; no devices, tokens, hours internals or rules.
import { Type } from 'typebox'

const Named = {
  id: Type.String(),
  name: Type.String(),
  nameEn: Type.Optional(Type.String()),
}

export const PublicHall = Type.Object({
  hall: Type.String(),
  name: Type.String(),
  nameEn: Type.Optional(Type.String()),
  notice: Type.Optional(Type.String()),
  services: Type.Array(Type.Object({ ...Named, prefix: Type.String(), category: Type.Enum(['personal', 'business']) })),
  windows: Type.Array(Type.Object(Named)),
  priorityClasses: Type.Array(Type.Object({ ...Named, marker: Type.Optional(Type.String()) })),
  features: Type.Object(
    {
      booking: Type.Boolean({
        description: 'citizens can book online (booking.html): public appointments are offered',
      }),
      notify: Type.Boolean({ description: 'POST /tickets/{id}/notify is offered (a message gateway is configured)' }),
    },
    { description: 'what the citizen pages may offer' },
  ),
})
