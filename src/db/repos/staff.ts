// Staff members (clerks, managers): who they are, where they work, which token they use.
import type { Kysely } from 'kysely'
import type { Database } from '../schema.ts'
import type { StaffRow } from '../tables/staff.table.ts'

export interface StaffInput {
  id: string
  name: string
  role: string
  hall?: string | null
  orgUnitId?: string | null
  windows?: string[] | null
  tokenId?: string | null
  active?: boolean
}

export async function upsertStaff(db: Kysely<Database>, s: StaffInput): Promise<StaffRow> {
  const row = {
    id: s.id,
    name: s.name,
    role: s.role,
    hall_id: s.hall ?? null,
    org_unit_id: s.orgUnitId ?? null,
    windows: s.windows ? JSON.stringify(s.windows) : null,
    token_id: s.tokenId ?? null,
    active: s.active ?? true,
  }
  return db
    .insertInto('staff')
    .values(row)
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        role: eb.ref('excluded.role'),
        hall_id: eb.ref('excluded.hall_id'),
        org_unit_id: eb.ref('excluded.org_unit_id'),
        windows: eb.ref('excluded.windows'),
        token_id: eb.ref('excluded.token_id'),
        active: eb.ref('excluded.active'),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function getStaff(db: Kysely<Database>, id: string): Promise<StaffRow | null> {
  return (await db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
}

export async function listStaff(db: Kysely<Database>, hall?: string): Promise<StaffRow[]> {
  let q = db.selectFrom('staff').selectAll()
  if (hall) q = q.where('hall_id', '=', hall)
  return q.orderBy('id').execute()
}
