// Halls (the row that ties a hall to its org unit and timezone).
import type { Kysely } from 'kysely'
import { QmsError } from '../../domain/errors.ts'
import type { Database } from '../schema.ts'
import type { HallRow } from '../tables/halls.table.ts'

export interface HallInfo {
  id: string
  name: string
  orgUnitId?: string | null
  timezone?: string
}

/** Creates the hall or updates its name/timezone (and org unit when given). */
export async function upsertHall(db: Kysely<Database>, hall: HallInfo): Promise<HallRow> {
  const values = {
    id: hall.id,
    name: hall.name,
    org_unit_id: hall.orgUnitId ?? null,
    updated_at: new Date(),
    ...(hall.timezone ? { timezone: hall.timezone } : {}),
  }
  return db
    .insertInto('halls')
    .values(values)
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        ...(hall.timezone ? { timezone: eb.ref('excluded.timezone') } : {}),
        updated_at: eb.ref('excluded.updated_at'),
        ...(hall.orgUnitId !== undefined ? { org_unit_id: eb.ref('excluded.org_unit_id') } : {}),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function getHallRow(db: Kysely<Database>, id: string): Promise<HallRow | null> {
  return (await db.selectFrom('halls').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
}

export async function listHallRows(db: Kysely<Database>): Promise<HallRow[]> {
  return db.selectFrom('halls').selectAll().orderBy('id').execute()
}

export async function setHallOrgUnit(db: Kysely<Database>, hall: string, orgUnitId: string | null): Promise<void> {
  const r = await db
    .updateTable('halls')
    .set({ org_unit_id: orgUnitId, updated_at: new Date() })
    .where('id', '=', hall)
    .executeTakeFirst()
  if (r.numUpdatedRows === 0n) throw new QmsError('QMS_ERR_HALL_NOT_FOUND', `hall not found: ${hall}`)
}
