import type { Selectable } from 'kysely'
import type { CreatedAt } from './common.ts'

/** One node of the organisation tree (province → city → county → street → community, any depth). */
export interface OrgUnitsTable {
  id: string
  parent_id: string | null
  kind: string // 'province' | 'city' | 'county' | 'street' | 'community' | anything else
  name: string
  /** Materialised path of ids, `/root/child/self/`: a subtree is every path starting with this one. */
  path: string
  created_at: CreatedAt
}
export type OrgUnitRow = Selectable<OrgUnitsTable>
