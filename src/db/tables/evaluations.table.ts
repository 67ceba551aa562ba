// Row types of the evaluations (好差评) and their follow-up cases.
import type { Generated, Selectable } from 'kysely'
import type { BusinessDate, CreatedAt, Json, NullableTimestamp, Timestamp } from './common.ts'

/** One rating per ticket: primary key (hall_id, ticket_id). */
export interface EvaluationsTable {
  hall_id: string
  ticket_id: string
  business_date: BusinessDate
  number: string
  service_id: string
  window_id: string | null
  grade: number // 5 非常满意 … 1 非常不满意
  reasons: Json<string[]>
  comment: string | null
  channel: string // device | tablet | mobile
  rater_token_id: string | null
  device_id: string | null
  finished_at: Timestamp
  rated_at: Timestamp
  created_at: CreatedAt
}
export type EvaluationRow = Selectable<EvaluationsTable>

export interface FollowUpCasesTable {
  id: string
  hall_id: string
  ticket_id: string
  business_date: BusinessDate
  number: string
  service_id: string
  window_id: string | null
  grade: number
  status: string // open | contacted | rectified | explained | appealed | reviewed | closed
  owner: string | null
  opened_at: Timestamp
  due_date: BusinessDate
  due_at: Timestamp
  closed_at: NullableTimestamp
  resolution: string | null
  updated_at: Timestamp
}
export type FollowUpCaseRow = Selectable<FollowUpCasesTable>

export interface FollowUpNotesTable {
  id: Generated<number>
  case_id: string
  at: Timestamp
  token_id: string | null
  from_status: string | null
  to_status: string | null
  text: string | null
}
export type FollowUpNoteRow = Selectable<FollowUpNotesTable>
