// Appointments in Postgres: small functions taking `db` (or a transaction). Booking and changing
// run inside `withSlotLock` so that the capacity count and the insert are one atomic step per
// hall, service and day (a transaction-level advisory lock: released at commit or rollback).
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../schema.ts'
import type { AppointmentRow, AppointmentStatus, AppointmentsTable } from '../tables/appointments.table.ts'
import type { Insertable } from 'kysely'

type Db = Kysely<Database> | Transaction<Database>
export type NewAppointment = Insertable<AppointmentsTable>

/** Statuses that hold a place in a slot (and count as the person's one booking that day). */
export const LIVE_STATUSES: AppointmentStatus[] = ['booked', 'checked_in']

export async function withSlotLock<T>(
  db: Kysely<Database>,
  scope: { hall: string; service: string; date: string },
  body: (tx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (tx) => {
    const key = `appointments:${scope.hall}:${scope.service}:${scope.date}`
    await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(tx)
    return body(tx)
  })
}

export async function insertAppointment(db: Db, row: NewAppointment): Promise<AppointmentRow> {
  return db.insertInto('appointments').values(row).returningAll().executeTakeFirstOrThrow()
}

/** Live bookings per slot start (HH:MM) of a service and day. */
export async function bookedPerSlot(db: Db, hall: string, service: string, date: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('appointments')
    .select(['slot_start', (eb) => eb.fn.countAll<number>().as('n')])
    .where('hall_id', '=', hall)
    .where('service_id', '=', service)
    .where('business_date', '=', date)
    .where('status', 'in', LIVE_STATUSES)
    .groupBy('slot_start')
    .execute()
  return new Map(rows.map((r) => [r.slot_start, Number(r.n)]))
}

/** The person's live booking for that service and day, if any (optionally ignoring one id). */
export async function liveBookingOf(
  db: Db,
  q: { hall: string; service: string; date: string; personHash: string; except?: string },
): Promise<AppointmentRow | undefined> {
  let query = db
    .selectFrom('appointments')
    .selectAll()
    .where('hall_id', '=', q.hall)
    .where('service_id', '=', q.service)
    .where('business_date', '=', q.date)
    .where('person_hash', '=', q.personHash)
    .where('status', 'in', LIVE_STATUSES)
  if (q.except !== undefined) query = query.where('id', '!=', q.except)
  return query.executeTakeFirst()
}

export async function appointmentByCode(db: Db, hall: string, code: string): Promise<AppointmentRow | undefined> {
  return db
    .selectFrom('appointments')
    .selectAll()
    .where('hall_id', '=', hall)
    .where('code', '=', code)
    .executeTakeFirst()
}

/** The person's appointments in a hall on a day, earliest slot first (kiosk check-in by ID card). */
export async function appointmentsOfPerson(
  db: Db,
  hall: string,
  date: string,
  personHash: string,
): Promise<AppointmentRow[]> {
  return db
    .selectFrom('appointments')
    .selectAll()
    .where('hall_id', '=', hall)
    .where('business_date', '=', date)
    .where('person_hash', '=', personHash)
    .orderBy('starts_at')
    .execute()
}

export async function appointmentsOfDay(db: Db, hall: string, date: string): Promise<AppointmentRow[]> {
  return db
    .selectFrom('appointments')
    .selectAll()
    .where('hall_id', '=', hall)
    .where('business_date', '=', date)
    .orderBy('starts_at')
    .orderBy('created_at')
    .execute()
}

/** Updates a row only while it still has status `from` (so two kiosks never both win); the new row or undefined. */
export async function updateAppointmentIf(
  db: Db,
  id: string,
  from: AppointmentStatus[],
  set: Partial<Omit<NewAppointment, 'id' | 'created_at'>>,
): Promise<AppointmentRow | undefined> {
  return db
    .updateTable('appointments')
    .set(set)
    .where('id', '=', id)
    .where('status', 'in', from)
    .returningAll()
    .executeTakeFirst()
}

/** Booked appointments whose check-in window has closed become no-shows; returns how many. */
export async function markNoShows(db: Db, now: Date, personHash?: string): Promise<number> {
  let query = db
    .updateTable('appointments')
    .set({ status: 'no_show', updated_at: now })
    .where('status', '=', 'booked')
    .where('check_in_until', '<', now)
  if (personHash !== undefined) query = query.where('person_hash', '=', personHash)
  const r = await query.executeTakeFirst()
  return Number(r.numUpdatedRows)
}

/** The person's no-shows (any hall) with a slot at or after `since`, latest first. */
export async function noShowsSince(db: Db, personHash: string, since: Date): Promise<Date[]> {
  const rows = await db
    .selectFrom('appointments')
    .select('starts_at')
    .where('person_hash', '=', personHash)
    .where('status', '=', 'no_show')
    .where('starts_at', '>=', since)
    .orderBy('starts_at', 'desc')
    .execute()
  return rows.map((r) => r.starts_at)
}
