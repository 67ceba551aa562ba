import type { Generated, Selectable } from 'kysely'
import type { CreatedAt, NullableJson } from './common.ts'

export interface StaffTable {
  id: string
  name: string
  role: string // 'clerk' | 'manager' | 'admin'
  hall_id: string | null
  org_unit_id: string | null // managers of a subtree
  windows: NullableJson<string[]>
  token_id: string | null
  active: Generated<boolean>
  created_at: CreatedAt
}
export type StaffRow = Selectable<StaffTable>
