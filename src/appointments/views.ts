// What the API shows of an appointment: hall-local ISO times, the masked holder, never the hash.
import { isoInZone } from '../domain/iso-time.ts'
import type { AppointmentRow, AppointmentStatus } from '../db/tables/appointments.table.ts'

export interface AppointmentView {
  code: string
  hall: string
  service: string
  date: string
  slot: { start: string; end: string }
  startsAt: string
  checkIn: { from: string; until: string }
  status: AppointmentStatus
  holder: string
  ticket?: { id: string; number: string }
}

export function appointmentView(row: AppointmentRow, timezone: string): AppointmentView {
  const view: AppointmentView = {
    code: row.code,
    hall: row.hall_id,
    service: row.service_id,
    date: row.business_date,
    slot: { start: row.slot_start, end: row.slot_end },
    startsAt: isoInZone(row.starts_at.getTime(), timezone),
    checkIn: {
      from: isoInZone(row.check_in_from.getTime(), timezone),
      until: isoInZone(row.check_in_until.getTime(), timezone),
    },
    status: row.status,
    holder: row.person_mask,
  }
  if (row.ticket_id !== null && row.ticket_number !== null)
    view.ticket = { id: row.ticket_id, number: row.ticket_number }
  return view
}
