// A hall with opening hours, the 2025 National Day holidays and their make-up working days
// (Asia/Shanghai), a Mon/Wed/Fri-only service, bookable services and a green-channel age rule;
// plus an app (real routes) over a real queue store and a real database for appointment tests.
import type { Kysely } from 'kysely'
import type { Test } from 'tap'
import { validateHallDocument } from '../../src/config/validate-hall.ts'
import type { HallDocument } from '../../src/config/hall-document.ts'
import type { HallDocumentInput } from '../../src/config/hall-schema.ts'
import { createDb } from '../../src/db/connect.ts'
import { migrateToLatest } from '../../src/db/migrate.ts'
import type { Database } from '../../src/db/schema.ts'
import { appointmentRoutes } from '../../src/http/routes/appointments.ts'
import { IdentityService } from '../../src/identity/identity-service.ts'
import { openBackend, type BackendName } from '../db/fixtures/backends.ts'
import { harness, type Harness } from '../http/fixtures/app.ts'
import type { Backend } from '../http/fixtures/backends.ts'

/** Monday 2025-03-03 in Shanghai at hh:mm. */
export const at = (date: string, hhmm: string): number => Date.parse(`${date}T${hhmm}:00+08:00`)
export const MONDAY = '2025-03-03'
export const TUESDAY = '2025-03-04'
export const MIN = 60_000

/** Valid (checksummed) resident ID numbers: born 1950-01-01 and 1990-05-15. */
export const ELDER_ID = '110101195001010017'
export const YOUNG_ID = '440304199005151233'
export const PHONE = '13812345678'

export const hallInput = (over: Partial<HallDocumentInput> = {}): HallDocumentInput => ({
  name: '预约测试大厅',
  nameEn: 'Booking test hall',
  timezone: 'Asia/Shanghai',
  hours: {
    weekly: Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [
        d,
        [
          { open: '09:00', close: '12:00' },
          { open: '13:30', close: '17:00' },
        ],
      ]),
    ),
    holidays: ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06', '2025-10-07', '2025-10-08'],
    workdays: ['2025-09-28', '2025-10-11'],
    workdaysFollow: 'mon',
    overtimeMinutes: 30,
  },
  services: [
    { id: 'A', name: '社保', nameEn: 'Social insurance', prefix: 'A', meanHandlingMinutes: 10 },
    { id: 'B', name: '户籍', prefix: 'B', meanHandlingMinutes: 15 },
    { id: 'C', name: '公积金', prefix: 'C', weekdays: ['mon', 'wed', 'fri'] },
  ],
  windows: [
    { id: 'W1', name: '1号窗口', services: ['A', 'B'] },
    { id: 'W2', name: '2号窗口', services: ['A'] },
    { id: 'W3', name: '3号窗口', services: ['B', 'C'] },
  ],
  appointments: {
    services: { A: { perSlot: 2 }, C: {} },
    changeMinutes: 60,
    noShow: { limit: 2, withinDays: 30, restrictDays: 7 },
  },
  greenChannel: { minAge: 65 },
  ...over,
})

export function hallDocument(over: Partial<HallDocumentInput> = {}): HallDocument {
  const r = validateHallDocument(hallInput(over))
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.document
}

export const TEST_IDENTITY_KEY = 'test-identity-key-0123456789abcdef-0123456789'
export const identity = new IdentityService(Buffer.from(TEST_IDENTITY_KEY))

/** A migrated database of the given kind (dropped after `t`), or null when Postgres is unreachable outside CI. */
export async function testDb(t: Test, name: BackendName): Promise<Kysely<Database> | null> {
  const options = await openBackend(t, name, true)
  if (!options) return null
  const db = await createDb(options)
  t.teardown(() => db.destroy())
  await migrateToLatest(db)
  return db
}

export interface BookingHarness extends Harness {
  db: Kysely<Database>
}

/** The real app with the appointment routes, on `backend` and a database of kind `dbName`. */
export async function bookingHarness(
  t: Test,
  backend: Backend,
  dbName: BackendName,
  logger?: object,
): Promise<BookingHarness | null> {
  const db = await testDb(t, dbName)
  if (!db) return null
  // The routes read the harness clock when a request comes, long after `h` is assigned.
  const h: Harness = await harness(t, backend, {
    identity,
    apiPlugins: [
      async (api) => {
        await api.register(appointmentRoutes, { db, now: () => h.clock.now, publicPerMinute: 1000 })
      },
    ],
    ...(logger && { logger }),
  })
  h.clock.now = at(MONDAY, '08:00')
  return Object.assign(h, { db })
}
