// Hall configuration documents, versioned: every save adds a version and keeps the older ones.
// Saving also refreshes the hall row and the services/windows/devices projections.
import type { Kysely } from 'kysely'
import type { Database } from '../schema.ts'
import { syncHallStructure } from './hall-structure.ts'

export interface SaveHallConfig {
  hall: string
  document: unknown // as accepted by src/config (validated before it gets here)
  createdBy?: string | null // token id
  liveVersion?: number | null // the live store's version for this document, if known
  orgUnitId?: string | null // attach the hall to an org unit (left unchanged when undefined)
}

export interface HallConfigVersion {
  hall: string
  version: number
  document: unknown
  liveVersion: number | null
  createdAt: Date
  createdBy: string | null
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined)

/** Stores a new version (previous + 1) and returns it. Concurrent saves of one hall serialise. */
export async function saveHallConfig(db: Kysely<Database>, input: SaveHallConfig): Promise<HallConfigVersion> {
  const doc = (input.document ?? {}) as Record<string, unknown>
  return db.transaction().execute(async (trx) => {
    const now = new Date()
    const timezone = text(doc.timezone)
    await trx
      .insertInto('halls')
      .values({
        id: input.hall,
        name: text(doc.name) ?? input.hall,
        org_unit_id: input.orgUnitId ?? null,
        updated_at: now,
        ...(timezone ? { timezone } : {}),
      })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          updated_at: now,
          ...(timezone ? { timezone: eb.ref('excluded.timezone') } : {}),
          ...(input.orgUnitId !== undefined ? { org_unit_id: eb.ref('excluded.org_unit_id') } : {}),
        })),
      )
      .execute()
    // The row lock makes "max + 1" safe against a concurrent save of the same hall.
    const hall = await trx
      .selectFrom('halls')
      .select('current_version')
      .where('id', '=', input.hall)
      .forUpdate()
      .executeTakeFirstOrThrow()
    const version = (hall.current_version ?? 0) + 1
    const row = await trx
      .insertInto('hall_configs')
      .values({
        hall_id: input.hall,
        version,
        document: JSON.stringify(input.document),
        live_version: input.liveVersion ?? null,
        created_by: input.createdBy ?? null,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await trx.updateTable('halls').set({ current_version: version }).where('id', '=', input.hall).execute()
    await syncHallStructure(trx, input.hall, doc, now)
    return toVersion(row)
  })
}

/** The given version, or the latest when `version` is omitted. */
export async function getHallConfig(
  db: Kysely<Database>,
  hall: string,
  version?: number,
): Promise<HallConfigVersion | null> {
  let q = db.selectFrom('hall_configs').selectAll().where('hall_id', '=', hall)
  q = version === undefined ? q.orderBy('version', 'desc').limit(1) : q.where('version', '=', version)
  const row = await q.executeTakeFirst()
  return row ? toVersion(row) : null
}

/** Version history without the documents, newest first. */
export async function listHallConfigVersions(
  db: Kysely<Database>,
  hall: string,
): Promise<Omit<HallConfigVersion, 'document'>[]> {
  const rows = await db
    .selectFrom('hall_configs')
    .select(['hall_id', 'version', 'live_version', 'created_at', 'created_by'])
    .where('hall_id', '=', hall)
    .orderBy('version', 'desc')
    .execute()
  return rows.map((r) => ({
    hall: r.hall_id,
    version: r.version,
    liveVersion: r.live_version,
    createdAt: r.created_at,
    createdBy: r.created_by,
  }))
}

/** The latest document of every hall: what an empty live store is re-configured from at start. */
export async function latestHallConfigs(db: Kysely<Database>): Promise<HallConfigVersion[]> {
  const rows = await db
    .selectFrom('hall_configs')
    .innerJoin('halls', (j) =>
      j.onRef('halls.id', '=', 'hall_configs.hall_id').onRef('halls.current_version', '=', 'hall_configs.version'),
    )
    .selectAll('hall_configs')
    .orderBy('hall_configs.hall_id')
    .execute()
  return rows.map(toVersion)
}

function toVersion(r: {
  hall_id: string
  version: number
  document: unknown
  live_version: number | null
  created_at: Date
  created_by: string | null
}): HallConfigVersion {
  return {
    hall: r.hall_id,
    version: r.version,
    document: r.document,
    liveVersion: r.live_version,
    createdAt: r.created_at,
    createdBy: r.created_by,
  }
}
