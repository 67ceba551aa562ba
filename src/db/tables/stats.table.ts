// Row types of the statistics facts (rebuilt per hall and business date from the archive).
import type { Selectable } from 'kysely'
import type { BusinessDate, NullableTimestamp, Timestamp } from './common.ts'

export interface StatsTicketFactsTable {
  hall_id: string
  business_date: BusinessDate
  ticket_id: string
  service_id: string
  window_id: string // '' when the ticket never reached a window
  clerk: string // token id of the clerk who served it, '' when unknown
  hour: number // hall-local hour of issue, 0–23
  outcome: string // served | no_show | cancelled | expired | open
  wait_ms: number | null
  handle_ms: number | null
  within_target: boolean | null
  eta_error_ms: number | null
}
export type StatsTicketFactRow = Selectable<StatsTicketFactsTable>

export interface StatsWindowDaysTable {
  hall_id: string
  business_date: BusinessDate
  window_id: string
  open_ms: number
  paused_ms: number
  busy_ms: number
  idle_ms: number
}

export interface StatsDaysTable {
  hall_id: string
  business_date: BusinessDate
  source_updated_at: NullableTimestamp
  tickets: number
  built_at: Timestamp
}
