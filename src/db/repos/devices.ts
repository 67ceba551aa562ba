// Devices of a hall (rows come from the hall document; see hall-structure.ts), their tokens and
// when they were last heard from.
import type { Kysely } from 'kysely'
import type { Database } from '../schema.ts'
import type { DeviceRow } from '../tables/devices.table.ts'

export async function listDevices(db: Kysely<Database>, hall: string, includeRetired = false): Promise<DeviceRow[]> {
  let q = db.selectFrom('devices').selectAll().where('hall_id', '=', hall)
  if (!includeRetired) q = q.where('retired_at', 'is', null)
  return q.orderBy('id').execute()
}

export async function getDevice(db: Kysely<Database>, hall: string, id: string): Promise<DeviceRow | null> {
  return (
    (await db.selectFrom('devices').selectAll().where('hall_id', '=', hall).where('id', '=', id).executeTakeFirst()) ??
    null
  )
}

export async function setDeviceToken(
  db: Kysely<Database>,
  hall: string,
  id: string,
  tokenId: string | null,
): Promise<boolean> {
  const r = await db
    .updateTable('devices')
    .set({ token_id: tokenId })
    .where('hall_id', '=', hall)
    .where('id', '=', id)
    .executeTakeFirst()
  return r.numUpdatedRows > 0n
}

/** Records a sign of life (status/heartbeat from the bus); never moves the time backwards. */
export async function markDeviceSeen(db: Kysely<Database>, hall: string, id: string, at: Date): Promise<void> {
  await db
    .updateTable('devices')
    .set({ last_seen_at: at })
    .where('hall_id', '=', hall)
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', at)]))
    .execute()
}
