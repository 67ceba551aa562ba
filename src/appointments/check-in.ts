// Check-in at a kiosk (booking code scanned, or the ID card read): inside the tolerance around
// the slot the citizen gets an `appointment`-class ticket that is not called before its slot
// (orderAt = slot start − callAheadMinutes) and is never refused by the daily limit; after the
// tolerance the booking is recorded as late and the citizen gets a normal walk-in ticket.
// Both tickets use an idempotency key per appointment, so a second scan returns the same ticket.
import type { QueueService } from '../core/queue-service.ts'
import type { TicketApiView } from '../core/views.ts'
import * as repo from '../db/repos/appointments.ts'
import type { AppointmentRow } from '../db/tables/appointments.table.ts'
import { businessDate } from '../domain/calendar.ts'
import { QmsError } from '../domain/errors.ts'
import type { AppointmentService } from './appointment-service.ts'
import { bookingConfig } from './booking-rules.ts'
import { appointmentView, type AppointmentView } from './views.ts'

export type CheckInTiming = 'early' | 'on-time' | 'late'

/** Inclusive at both edges: exactly `earlyMinutes` before and exactly `lateMinutes` after are on time. */
export function checkInTiming(
  row: Pick<AppointmentRow, 'check_in_from' | 'check_in_until'>,
  now: number,
): CheckInTiming {
  if (now < row.check_in_from.getTime()) return 'early'
  return now <= row.check_in_until.getTime() ? 'on-time' : 'late'
}

export interface CheckInResult {
  appointment: AppointmentView
  ticket: TicketApiView
  late: boolean
  created: boolean
  message: string
}

export type CheckInBy = { code: string } | { personKey: string }

export class CheckInService {
  constructor(
    private readonly appointments: AppointmentService,
    private readonly queue: QueueService,
  ) {}

  async checkIn(hall: string, by: CheckInBy): Promise<CheckInResult> {
    const { document } = await this.appointments.halls.load(hall)
    const now = this.appointments.now()
    const row =
      'code' in by ? await this.appointments.find(hall, by.code) : await this.findByPerson(hall, by.personKey, now)
    const today = businessDate(document.timezone, now)
    if (row.status === 'cancelled')
      throw new QmsError('QMS_ERR_INVALID_TRANSITION', '该预约已取消 / this appointment was cancelled', {
        status: row.status,
      })
    if (row.business_date !== today) {
      if (row.business_date > today) throw tooEarly(row, document.timezone)
      throw new QmsError(
        'QMS_ERR_INVALID_TRANSITION',
        `该预约日期为 ${row.business_date} / this appointment was for ${row.business_date}`,
        { status: row.status },
      )
    }
    const cfg = bookingConfig(document, row.service_id)
    const person = { key: row.person_hash, mask: row.person_mask }
    const timing = row.status === 'checked_in' ? 'on-time' : row.status === 'late' ? 'late' : checkInTiming(row, now)
    if (timing === 'early') throw tooEarly(row, document.timezone)

    const issued =
      timing === 'on-time'
        ? await this.queue.issueBooked(hall, {
            service: row.service_id,
            priorityClass: cfg.class,
            orderAt: row.starts_at.getTime() - cfg.callAheadMinutes * 60_000,
            person,
            idempotencyKey: `appt:${row.id}`,
          })
        : await this.queue.issue(hall, {
            service: row.service_id,
            person,
            idempotencyKey: `appt-late:${row.id}`,
            channel: 'staff', // the kiosk already proved the booking; a late arrival is a plain walk-in
            priority: false,
          })
    const at = new Date(now)
    const status = timing === 'on-time' ? 'checked_in' : 'late'
    const updated =
      (await repo.updateAppointmentIf(this.appointments.db, row.id, ['booked', 'no_show', status], {
        status,
        ticket_id: issued.ticket.id,
        ticket_number: issued.ticket.number,
        checked_in_at: row.checked_in_at ?? at,
        updated_at: at,
      })) ?? row
    const message =
      timing === 'on-time'
        ? `签到成功，请留意 ${row.slot_start} 前后叫号 / checked in: you will be called around ${row.slot_start}`
        : `您已超过预约签到时间，已按现场取号排队 / you are past your appointment's check-in time: you have a regular walk-in ticket`
    return {
      appointment: appointmentView(updated, document.timezone),
      ticket: issued.ticket,
      late: timing === 'late',
      created: issued.created,
      message,
    }
  }

  /** By ID card: today's booked (or already checked-in) appointment whose window is open now, else the next one, else a late one. */
  private async findByPerson(hall: string, personKey: string, now: number): Promise<AppointmentRow> {
    const { document } = await this.appointments.halls.load(hall)
    const rows = (
      await repo.appointmentsOfPerson(this.appointments.db, hall, businessDate(document.timezone, now), personKey)
    ).filter((r) => r.status !== 'cancelled')
    const pick =
      rows.find((r) => r.status === 'booked' && checkInTiming(r, now) === 'on-time') ??
      rows.find((r) => r.status === 'booked' && checkInTiming(r, now) === 'early') ??
      rows.find((r) => r.status === 'booked' || r.status === 'no_show') ??
      rows[0]
    if (!pick)
      throw new QmsError('QMS_ERR_APPOINTMENT_NOT_FOUND', '今天没有您的预约 / you have no appointment here today')
    return pick
  }
}

function tooEarly(row: AppointmentRow, timezone: string): QmsError {
  const from = appointmentView(row, timezone).checkIn.from
  return new QmsError(
    'QMS_ERR_CHECK_IN_TOO_EARLY',
    `尚未到签到时间，请于 ${from.slice(0, 16).replace('T', ' ')} 后签到 / too early: check-in opens at ${from}`,
    { from },
  )
}
