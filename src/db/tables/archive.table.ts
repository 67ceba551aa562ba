import type { Selectable } from 'kysely'
import type { BusinessDate, Json, Timestamp, NullableTimestamp } from './common.ts'
import type { QueueEvent } from '../../domain/types.ts'

/** Every event of the live streams, once: primary key (hall_id, seq). */
export interface EventsTable {
  hall_id: string
  seq: number
  type: string
  at: Timestamp
  ticket_id: string | null
  event: Json<QueueEvent>
  archived_at: Timestamp
}
export type EventRow = Selectable<EventsTable>

/** One row per ticket with its final (or latest known) state, folded from its events. */
export interface TicketsTable {
  hall_id: string
  id: string
  number: string
  service_id: string
  class: string
  business_date: BusinessDate
  status: string // last live status (waiting, called, serving, held, done, no_show, cancelled)
  outcome: string | null // completed (or the clerk's outcome), no_show, cancelled, expired; null while open
  window_id: string | null
  rule: string | null
  issued_at: NullableTimestamp
  called_at: NullableTimestamp // first call: the citizen's wait ends here
  started_at: NullableTimestamp
  finished_at: NullableTimestamp
  expired_at: NullableTimestamp
  recalls: number
  requeues: number
  transfers: number
  ahead_at_issue: number | null
  eta_at_issue_sec: number | null
  first_seq: number
  last_seq: number
  updated_at: Timestamp
}
export type TicketRow = Selectable<TicketsTable>

/** How far each hall is archived (the polling source resumes here; rollover uses business_date). */
export interface ArchiveCheckpointsTable {
  hall_id: string
  last_seq: number
  business_date: BusinessDate | null // latest business date seen in the hall's events
  updated_at: Timestamp
}
