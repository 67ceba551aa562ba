// Row types of the statistics facts (rebuilt per hall and business date from the archive).
import type { ColumnType, Selectable } from 'kysely'
import type { BusinessDate, Json, NullableTimestamp, Timestamp } from './common.ts'

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
  ratings: ColumnType<number, number | undefined, number> // ratings of the day the facts include
  ratings_at: NullableTimestamp // newest evaluations.created_at among them
}

/** Additive figures of one report dimension's key on one hall-day (see report-rollups.ts). */
export interface StatsDayRollupsTable {
  hall_id: string
  dim: string // total | service | window | clerk | hour | serviceHour
  business_date: BusinessDate
  k1: string
  k2: string
  issued: number
  served: number
  no_show: number
  cancelled: number
  expired: number
  open: number
  called: number
  wait_sum_ms: Int8
  wait_max_ms: number | null
  handled: number
  handle_sum_ms: Int8
  sl_base: number
  sl_in: number
  eta_n: number
  eta_abs_sum_ms: Int8
  eta_sum_ms: Int8
  eta_within5: number
  ratings: number
  satisfied: number
  bad: number
  grade_sum: number
}

/** bigint columns: written as numbers, read back as the driver gives them (string or number). */
type Int8 = ColumnType<string | number, number, number>

export interface StatsDaySamplesTable {
  hall_id: string
  business_date: BusinessDate
  keys: Json<{ services: string[]; windows: string[]; clerks: string[] }>
  data: Uint8Array
}
