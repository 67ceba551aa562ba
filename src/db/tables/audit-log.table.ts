import type { Generated, Selectable } from 'kysely'
import type { CreatedAt, NullableJson } from './common.ts'

export interface AuditLogTable {
  id: Generated<number>
  at: CreatedAt
  token_id: string | null
  role: string | null
  ip: string | null
  action: string // e.g. 'hall.configure', 'token.create', 'ticket.cancel'
  target: string | null // what it acted on, e.g. a hall, token or ticket id
  hall_id: string | null
  details: NullableJson<Record<string, unknown>>
}
export type AuditRow = Selectable<AuditLogTable>
