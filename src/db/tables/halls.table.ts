import type { Generated, Selectable } from 'kysely'
import type { CreatedAt, Json, Timestamp } from './common.ts'

export interface HallsTable {
  id: string
  name: string
  org_unit_id: string | null
  timezone: Generated<string>
  current_version: number | null // latest hall_configs.version
  created_at: CreatedAt
  updated_at: Timestamp
}
export type HallRow = Selectable<HallsTable>

/** Every accepted configuration document, never overwritten: a PUT adds a version. */
export interface HallConfigsTable {
  hall_id: string
  version: number
  document: Json<unknown>
  live_version: number | null // the live store's own version counter at the time, if known
  created_at: CreatedAt
  created_by: string | null // token id
}
export type HallConfigRow = Selectable<HallConfigsTable>

/** Services and windows as of the latest configuration (kept after removal, with retired_at). */
export interface ServicesTable {
  hall_id: string
  id: string
  name: string
  name_en: string | null
  prefix: string
  position: number
  retired_at: Date | null
  updated_at: Timestamp
}
export type ServiceRow = Selectable<ServicesTable>

export interface WindowsTable {
  hall_id: string
  id: string
  name: string
  name_en: string | null
  services: Json<string[]>
  position: number
  retired_at: Date | null
  updated_at: Timestamp
}
export type WindowRow = Selectable<WindowsTable>
