// The organisation tree (province → city → county → street → community, any depth), stored with a
// materialised path so "everything under X" is one indexed prefix query.
import { sql, type Kysely } from 'kysely'
import { QmsError } from '../../domain/errors.ts'
import type { Database } from '../schema.ts'
import type { OrgUnitRow } from '../tables/org-units.table.ts'

const ORG_ID = /^[A-Za-z0-9_-]{1,64}$/

/** LIKE treats `_` and `%` as wildcards; ids may contain `_`. */
export const likePrefix = (prefix: string): string => prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%'

export interface NewOrgUnit {
  id: string
  parentId?: string | null
  kind: string
  name: string
}

export async function createOrgUnit(db: Kysely<Database>, unit: NewOrgUnit): Promise<OrgUnitRow> {
  if (!ORG_ID.test(unit.id)) throw new QmsError('QMS_ERR_VALIDATION', `invalid org unit id: ${unit.id}`)
  let path = `/${unit.id}/`
  if (unit.parentId) {
    const parent = await getOrgUnit(db, unit.parentId)
    if (!parent) throw new QmsError('QMS_ERR_NOT_FOUND', `org unit not found: ${unit.parentId}`)
    path = `${parent.path}${unit.id}/`
  }
  return db
    .insertInto('org_units')
    .values({ id: unit.id, parent_id: unit.parentId ?? null, kind: unit.kind, name: unit.name, path })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function getOrgUnit(db: Kysely<Database>, id: string): Promise<OrgUnitRow | null> {
  return (await db.selectFrom('org_units').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
}

/** The unit and everything below it, parents before children. */
export async function subtreeUnits(db: Kysely<Database>, id: string): Promise<OrgUnitRow[]> {
  const root = await getOrgUnit(db, id)
  if (!root) return []
  return db.selectFrom('org_units').selectAll().where('path', 'like', likePrefix(root.path)).orderBy('path').execute()
}

/** The unit's ancestors from the top down, itself last. */
export async function orgUnitLineage(db: Kysely<Database>, id: string): Promise<OrgUnitRow[]> {
  const unit = await getOrgUnit(db, id)
  if (!unit) return []
  const ids = unit.path.split('/').filter(Boolean)
  const rows = await db.selectFrom('org_units').selectAll().where('id', 'in', ids).execute()
  return rows.sort((a, b) => a.path.length - b.path.length)
}

/** Re-parents a unit with its whole subtree (one statement rewrites every path below it). */
export async function moveOrgUnit(db: Kysely<Database>, id: string, newParentId: string | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const unit = await getOrgUnit(trx, id)
    if (!unit) throw new QmsError('QMS_ERR_NOT_FOUND', `org unit not found: ${id}`)
    let newPath = `/${id}/`
    if (newParentId) {
      const parent = await getOrgUnit(trx, newParentId)
      if (!parent) throw new QmsError('QMS_ERR_NOT_FOUND', `org unit not found: ${newParentId}`)
      if (parent.path.startsWith(unit.path)) {
        throw new QmsError('QMS_ERR_VALIDATION', 'an org unit cannot move under its own subtree')
      }
      newPath = `${parent.path}${id}/`
    }
    await trx.updateTable('org_units').set({ parent_id: newParentId }).where('id', '=', id).execute()
    await trx
      .updateTable('org_units')
      .set({ path: sql<string>`${newPath}::text || substr(path, ${unit.path.length + 1}::int)` })
      .where('path', 'like', likePrefix(unit.path))
      .execute()
  })
}

/** Halls a manager of this unit may see: every hall attached to the unit or any unit below it. */
export async function hallsInSubtree(db: Kysely<Database>, orgUnitId: string): Promise<string[]> {
  const root = await getOrgUnit(db, orgUnitId)
  if (!root) return []
  const rows = await db
    .selectFrom('halls')
    .innerJoin('org_units', 'org_units.id', 'halls.org_unit_id')
    .select('halls.id')
    .where('org_units.path', 'like', likePrefix(root.path))
    .orderBy('halls.id')
    .execute()
  return rows.map((r) => r.id)
}
