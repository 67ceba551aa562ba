import type { Selectable } from 'kysely'
import type { CreatedAt, NullableJson, NullableTimestamp } from './common.ts'

export interface DevicesTable {
  hall_id: string
  id: string
  type: string // led, board, speaker, evaluator, keypad, printer, kiosk
  name: string | null
  window_id: string | null
  profile: NullableJson<Record<string, unknown>>
  token_id: string | null
  last_seen_at: NullableTimestamp
  retired_at: Date | null
  created_at: CreatedAt
}
export type DeviceRow = Selectable<DevicesTable>
