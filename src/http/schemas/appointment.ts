// Appointment bodies and views (docs/appointments.md).
import { Type } from 'typebox'
import { Id } from './common.ts'
import { IdentityBody, Ticket } from './ticket.ts'

export const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'hall-local date YYYY-MM-DD' })
export const SlotStart = Type.String({
  pattern: '^([01]\\d|2[0-3]):[0-5]\\d$',
  description: 'slot start HH:MM (hall-local)',
})
export const CodeParams = Type.Object({ hall: Id, code: Type.String({ pattern: '^[A-Za-z0-9]{10}$' }) })

export const SlotsQuery = Type.Object({ service: Id, date: DateString }, { additionalProperties: false })
export const DayQuery = Type.Object({ date: DateString }, { additionalProperties: false })

export const SlotList = Type.Object({
  hall: Type.String(),
  service: Type.String(),
  date: Type.String(),
  slotMinutes: Type.Integer(),
  slots: Type.Array(
    Type.Object({
      start: Type.String(),
      end: Type.String(),
      capacity: Type.Integer(),
      booked: Type.Integer(),
      available: Type.Integer(),
    }),
  ),
})

export const BookBody = Type.Object(
  { service: Id, date: DateString, slot: SlotStart, identity: IdentityBody },
  { additionalProperties: false },
)

export const ChangeBody = Type.Object({ date: DateString, slot: SlotStart }, { additionalProperties: false })

export const CheckInBody = Type.Union(
  [
    Type.Object({ code: Type.String({ pattern: '^[A-Za-z0-9]{10}$' }) }, { additionalProperties: false }),
    Type.Object({ identity: IdentityBody }, { additionalProperties: false }),
  ],
  { description: 'the booking code (scanned) or the ID card read at the kiosk' },
)

const Iso = Type.String({ description: 'ISO 8601 in the hall offset' })

export const Appointment = Type.Object({
  code: Type.String({ description: 'booking code: shows, changes, cancels and checks in the booking' }),
  hall: Type.String(),
  service: Type.String(),
  date: Type.String(),
  slot: Type.Object({ start: Type.String(), end: Type.String() }),
  startsAt: Iso,
  checkIn: Type.Object({ from: Iso, until: Iso }),
  status: Type.Enum(['booked', 'cancelled', 'checked_in', 'late', 'no_show']),
  holder: Type.String({ description: 'masked ID or phone' }),
  ticket: Type.Optional(Type.Object({ id: Type.String(), number: Type.String() })),
})

export const AppointmentList = Type.Object({
  hall: Type.String(),
  date: Type.String(),
  appointments: Type.Array(Appointment),
})

export const CheckInAnswer = Type.Object({
  appointment: Appointment,
  ticket: Ticket,
  late: Type.Boolean({ description: 'true: past the tolerance, the ticket is a normal walk-in' }),
  message: Type.String(),
})

export const BookingOptions = Type.Object({
  hall: Type.String(),
  name: Type.String(),
  nameEn: Type.Optional(Type.String()),
  today: Type.String({ description: 'hall-local date' }),
  dates: Type.Array(Type.String(), { description: 'bookable dates: today … today + bookDaysAhead' }),
  changeMinutes: Type.Integer(),
  services: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), nameEn: Type.Optional(Type.String()) })),
})
