// Booking, changing and cancelling appointments (预约), and the slot list with what is left.
// Capacity and "one booking per person, service and day" are checked and written under one
// advisory lock per hall, service and day, so concurrent bookings never overfill a slot.
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { HallService } from '../core/hall-service.ts'
import * as repo from '../db/repos/appointments.ts'
import type { Database } from '../db/schema.ts'
import type { AppointmentRow } from '../db/tables/appointments.table.ts'
import { addDays, businessDate } from '../domain/calendar.ts'
import { QmsError } from '../domain/errors.ts'
import type { PersonIdentity } from '../identity/identity-service.ts'
import { newBookingCode, normalizeCode } from './booking-code.ts'
import * as rules from './booking-rules.ts'
import { slotsOn } from './slots.ts'
import { appointmentView, type AppointmentView } from './views.ts'

export interface SlotAvailability {
  start: string
  end: string
  capacity: number
  booked: number
  available: number
}

export interface BookingOptions {
  hall: string
  name: string
  nameEn?: string
  today: string
  dates: string[]
  changeMinutes: number
  services: { id: string; name: string; nameEn?: string }[]
}

export interface BookInput {
  service: string
  date: string
  slot: string // HH:MM
  person: PersonIdentity
  by: string | null // token id, null for the public
}

const isUniqueViolation = (e: unknown): boolean => (e as { code?: string }).code === '23505'

export class AppointmentService {
  constructor(
    readonly db: Kysely<Database>,
    readonly halls: HallService,
    readonly now: () => number,
  ) {}

  /** The public part of the booking rules: which services, which dates. */
  async options(hall: string): Promise<BookingOptions> {
    const { document } = await this.halls.load(hall)
    const cfg = document.appointments
    if (!cfg) throw new QmsError('QMS_ERR_SERVICE_UNAVAILABLE', '本大厅不提供预约 / this hall takes no bookings')
    const today = businessDate(document.timezone, this.now())
    return {
      hall,
      name: document.name,
      ...(document.nameEn !== undefined && { nameEn: document.nameEn }),
      today,
      dates: Array.from({ length: cfg.bookDaysAhead + 1 }, (_, i) => addDays(today, i)),
      changeMinutes: cfg.changeMinutes,
      services: document.services
        .filter((s) => Object.hasOwn(cfg.services, s.id))
        .map((s) => ({ id: s.id, name: s.name, ...(s.nameEn !== undefined && { nameEn: s.nameEn }) })),
    }
  }

  async slots(
    hall: string,
    service: string,
    date: string,
  ): Promise<{ slotMinutes: number; slots: SlotAvailability[] }> {
    const { document } = await this.halls.load(hall)
    const cfg = rules.bookingConfig(document, service)
    const booked = await repo.bookedPerSlot(this.db, hall, service, date)
    const now = this.now()
    const slots = slotsOn(document, service, date)
      .filter((s) => rules.plan(document, cfg, date, s).startsAt > now)
      .map((s) => {
        const n = booked.get(s.start) ?? 0
        return { start: s.start, end: s.end, capacity: s.capacity, booked: n, available: Math.max(0, s.capacity - n) }
      })
    return { slotMinutes: cfg.slotMinutes, slots }
  }

  async book(hall: string, input: BookInput): Promise<AppointmentView> {
    const { document } = await this.halls.load(hall)
    const now = this.now()
    const slot = rules.bookableSlot(document, input.service, input.date, input.slot, now)
    const cfg = rules.bookingConfig(document, input.service)
    await repo.markNoShows(this.db, new Date(now), input.person.key)
    const noShows = await repo.noShowsSince(this.db, input.person.key, rules.noShowWindowStart(cfg, now))
    const until = rules.restrictedUntil(cfg, noShows, now)
    if (until !== null) {
      const when = new Date(until).toISOString()
      throw new QmsError(
        'QMS_ERR_BOOKING_RESTRICTED',
        `多次预约未到，${when} 前不能预约 / repeated missed appointments: booking is closed until ${when}`,
        { until: when, noShows: noShows.length },
      )
    }
    const row = await this.underLock(hall, input.service, input.date, async (tx) => {
      await this.requireRoom(tx, hall, input.service, slot, input.person.key)
      return repo.insertAppointment(tx, {
        id: randomUUID(),
        code: newBookingCode(),
        hall_id: hall,
        service_id: input.service,
        business_date: input.date,
        slot_start: slot.start,
        slot_end: slot.end,
        starts_at: new Date(slot.startsAt),
        check_in_from: new Date(slot.checkInFrom),
        check_in_until: new Date(slot.checkInUntil),
        person_hash: input.person.key,
        person_mask: input.person.mask,
        status: 'booked',
        created_by: input.by,
        updated_at: new Date(now),
      })
    })
    return appointmentView(row, document.timezone)
  }

  async get(hall: string, code: string): Promise<AppointmentView> {
    const { document } = await this.halls.load(hall)
    return appointmentView(await this.find(hall, code), document.timezone)
  }

  async list(hall: string, date: string): Promise<AppointmentView[]> {
    const { document } = await this.halls.load(hall)
    return (await repo.appointmentsOfDay(this.db, hall, date)).map((r) => appointmentView(r, document.timezone))
  }

  async change(hall: string, code: string, to: { date: string; slot: string }): Promise<AppointmentView> {
    const { document } = await this.halls.load(hall)
    const now = this.now()
    const current = await this.find(hall, code)
    const cfg = rules.bookingConfig(document, current.service_id)
    this.requireBooked(current)
    rules.requireBeforeDeadline(cfg, current.starts_at.getTime(), now)
    const slot = rules.bookableSlot(document, current.service_id, to.date, to.slot, now)
    const row = await this.underLock(hall, current.service_id, to.date, async (tx) => {
      await this.requireRoom(tx, hall, current.service_id, slot, current.person_hash, current.id)
      const updated = await repo.updateAppointmentIf(tx, current.id, ['booked'], {
        business_date: to.date,
        slot_start: slot.start,
        slot_end: slot.end,
        starts_at: new Date(slot.startsAt),
        check_in_from: new Date(slot.checkInFrom),
        check_in_until: new Date(slot.checkInUntil),
        updated_at: new Date(now),
      })
      if (!updated) throw notBooked()
      return updated
    })
    return appointmentView(row, document.timezone)
  }

  async cancel(hall: string, code: string): Promise<AppointmentView> {
    const { document } = await this.halls.load(hall)
    const now = this.now()
    const current = await this.find(hall, code)
    this.requireBooked(current)
    rules.requireBeforeDeadline(rules.bookingConfig(document, current.service_id), current.starts_at.getTime(), now)
    const at = new Date(now)
    const row = await repo.updateAppointmentIf(this.db, current.id, ['booked'], {
      status: 'cancelled',
      cancelled_at: at,
      updated_at: at,
    })
    if (!row) throw notBooked()
    return appointmentView(row, document.timezone)
  }

  async find(hall: string, code: string): Promise<AppointmentRow> {
    const row = await repo.appointmentByCode(this.db, hall, normalizeCode(code))
    if (!row) throw new QmsError('QMS_ERR_APPOINTMENT_NOT_FOUND', '预约不存在 / no appointment with this code')
    return row
  }

  private requireBooked(row: AppointmentRow): void {
    if (row.status !== 'booked') throw notBooked(row.status)
  }

  private underLock<T>(
    hall: string,
    service: string,
    date: string,
    body: Parameters<typeof repo.withSlotLock<T>>[2],
  ): Promise<T> {
    return repo.withSlotLock(this.db, { hall, service, date }, body).catch((e: unknown) => {
      // The unique index backs the check made under the lock (e.g. a booking from another path).
      if (isUniqueViolation(e)) throw alreadyBooked()
      throw e
    })
  }

  private async requireRoom(
    tx: Parameters<typeof repo.bookedPerSlot>[0],
    hall: string,
    service: string,
    slot: rules.PlannedSlot,
    personHash: string,
    except?: string,
  ): Promise<void> {
    const mine = await repo.liveBookingOf(tx, { hall, service, date: slot.date, personHash, ...(except && { except }) })
    if (mine) throw alreadyBooked()
    const booked = (await repo.bookedPerSlot(tx, hall, service, slot.date)).get(slot.start) ?? 0
    if (booked >= slot.capacity) {
      throw new QmsError('QMS_ERR_SLOT_UNAVAILABLE', '该时段已约满 / this time slot is fully booked', {
        date: slot.date,
        slot: slot.start,
      })
    }
  }
}

const alreadyBooked = (): QmsError =>
  new QmsError('QMS_ERR_ALREADY_BOOKED', '您当天已预约该业务 / you already have a booking for this service that day')

const notBooked = (status?: string): QmsError =>
  new QmsError(
    'QMS_ERR_CHANGE_DEADLINE',
    '该预约已不能修改或取消 / this appointment can no longer be changed or cancelled',
    {
      ...(status && { status }),
    },
  )
