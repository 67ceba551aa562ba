import type { Selectable } from 'kysely'
import type { BusinessDate, CreatedAt, NullableTimestamp, Timestamp } from './common.ts'

export type AppointmentStatus = 'booked' | 'cancelled' | 'checked_in' | 'late' | 'no_show'

/** Appointments (预约): `person_hash` is an HMAC of the ID or phone, never the raw value. */
export interface AppointmentsTable {
  id: string
  code: string
  hall_id: string
  service_id: string
  business_date: BusinessDate
  slot_start: string // HH:MM hall-local
  slot_end: string
  starts_at: Timestamp
  check_in_from: Timestamp
  check_in_until: Timestamp
  person_hash: string
  person_mask: string
  status: AppointmentStatus
  ticket_id: string | null
  ticket_number: string | null
  created_by: string | null
  created_at: CreatedAt
  updated_at: Timestamp
  cancelled_at: NullableTimestamp
  checked_in_at: NullableTimestamp
}
export type AppointmentRow = Selectable<AppointmentsTable>
