// Projects a hall document's services, windows and devices into their tables, so history can
// join names and device rows have something to hang tokens and last-seen times on. Entries that
// left the document are kept with retired_at (old tickets still point at them).
import type { Kysely } from 'kysely'
import type { Database } from '../schema.ts'

type Entry = Record<string, unknown>
const entries = (v: unknown): Entry[] =>
  Array.isArray(v)
    ? v.filter((e): e is Entry => typeof e === 'object' && e !== null && typeof (e as Entry).id === 'string')
    : []
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)

export async function syncHallStructure(db: Kysely<Database>, hall: string, doc: Entry, now: Date): Promise<void> {
  const services = entries(doc.services)
  const windows = entries(doc.windows)
  const devices = entries(doc.devices)

  if (services.length) {
    await db
      .insertInto('services')
      .values(
        services.map((s, i) => ({
          hall_id: hall,
          id: s.id as string,
          name: str(s.name) ?? (s.id as string),
          name_en: str(s.nameEn),
          prefix: str(s.prefix) ?? '',
          position: i,
          retired_at: null,
          updated_at: now,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['hall_id', 'id']).doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          name_en: eb.ref('excluded.name_en'),
          prefix: eb.ref('excluded.prefix'),
          position: eb.ref('excluded.position'),
          retired_at: null,
          updated_at: now,
        })),
      )
      .execute()
  }
  if (windows.length) {
    await db
      .insertInto('windows')
      .values(
        windows.map((w, i) => ({
          hall_id: hall,
          id: w.id as string,
          name: str(w.name) ?? (w.id as string),
          name_en: str(w.nameEn),
          services: JSON.stringify(Array.isArray(w.services) ? w.services : []),
          position: i,
          retired_at: null,
          updated_at: now,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['hall_id', 'id']).doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          name_en: eb.ref('excluded.name_en'),
          services: eb.ref('excluded.services'),
          position: eb.ref('excluded.position'),
          retired_at: null,
          updated_at: now,
        })),
      )
      .execute()
  }
  if (devices.length) {
    await db
      .insertInto('devices')
      .values(
        devices.map((d) => ({
          hall_id: hall,
          id: d.id as string,
          type: str(d.type) ?? 'unknown',
          name: str(d.name),
          window_id: str(d.window),
          profile: d.profile === undefined ? null : JSON.stringify(d.profile),
          retired_at: null,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['hall_id', 'id']).doUpdateSet((eb) => ({
          type: eb.ref('excluded.type'),
          name: eb.ref('excluded.name'),
          window_id: eb.ref('excluded.window_id'),
          profile: eb.ref('excluded.profile'),
          retired_at: null,
        })),
      )
      .execute()
  }
  for (const [table, kept] of [
    ['services', services],
    ['windows', windows],
    ['devices', devices],
  ] as const) {
    let q = db.updateTable(table).set({ retired_at: now }).where('hall_id', '=', hall).where('retired_at', 'is', null)
    if (kept.length)
      q = q.where(
        'id',
        'not in',
        kept.map((e) => e.id as string),
      )
    await q.execute()
  }
}
