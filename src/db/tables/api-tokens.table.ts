import type { Selectable } from 'kysely'
import type { CreatedAt, Json, NullableJson, NullableTimestamp } from './common.ts'

/** API tokens: only sha256(secret) is stored. `halls` is the JSON string "*" or an array of ids. */
export interface ApiTokensTable {
  id: string
  hash: string
  role: string
  halls: Json<string[] | '*'>
  windows: NullableJson<string[]>
  device: string | null
  label: string | null
  created_at: CreatedAt
  expires_at: NullableTimestamp
  revoked_at: NullableTimestamp
}
export type ApiTokenRow = Selectable<ApiTokensTable>
