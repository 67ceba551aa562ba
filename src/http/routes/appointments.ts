// Appointments (预约): slots, booking, change and cancel by booking code, kiosk check-in, and the
// day's list for staff. Register inside the /api/v1 scope (see AppOptions.apiPlugins):
//   apiPlugins: [async (api) => void (await api.register(appointmentRoutes, { db }))]
// Public calls (no token) are rate-limited per client address: a booking code is a credential.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import { AppointmentService } from '../../appointments/appointment-service.ts'
import { CheckInService } from '../../appointments/check-in.ts'
import type { Database } from '../../db/schema.ts'
import { QmsError } from '../../domain/errors.ts'
import type { PersonIdentity } from '../../identity/identity-service.ts'
import { principalOf } from '../auth.ts'
import { mayIssue } from '../guards.ts'
import * as S from '../schemas/appointment.ts'
import { bearer, errorResponses, HallParams, NoBody } from '../schemas/common.ts'
import type { IdentityBody } from '../schemas/ticket.ts'
import type { Static } from 'typebox'

export interface AppointmentRoutesOptions {
  db: Kysely<Database>
  now?: () => number
  /** Public calls per client address and minute (default 30). */
  publicPerMinute?: number
}

export async function appointmentRoutes(root: FastifyInstance, opts: AppointmentRoutesOptions): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  const appointments = new AppointmentService(opts.db, app.halls, opts.now ?? Date.now)
  const checkIns = new CheckInService(appointments, app.queue)
  const limit = app.createRateLimit({
    max: opts.publicPerMinute ?? 30,
    timeWindow: 60_000,
    keyGenerator: (r) => `appointments:${r.ip}`,
  })
  /** Public callers are limited; token holders are not. */
  const limitPublic = async (request: FastifyRequest): Promise<void> => {
    if (request.principal !== null) return
    const r = await limit(request)
    if (!r.isAllowed && r.isExceeded) {
      throw new QmsError(
        'QMS_ERR_RATE_LIMITED',
        `操作过于频繁，请 ${r.ttlInSeconds} 秒后再试 / too many requests; retry in ${r.ttlInSeconds} s`,
      )
    }
  }
  const personOf = (identity: Static<typeof IdentityBody>): PersonIdentity => {
    const person = app.identity.resolve(identity)
    if (!person)
      throw new QmsError('QMS_ERR_IDENTITY_INVALID', '请提供身份证号或手机号 / an ID-card or phone number is required')
    return person
  }
  const tags = ['appointments']
  const open = { preHandler: [app.identify, limitPublic] }

  app.get(
    '/halls/:hall/appointments/options',
    {
      ...open,
      schema: {
        summary: 'What can be booked: the bookable services and the booking horizon (for the booking page)',
        tags,
        params: HallParams,
        response: { 200: S.BookingOptions, ...errorResponses },
      },
    },
    async (request) => appointments.options(request.params.hall),
  )

  app.get(
    '/halls/:hall/appointments/slots',
    {
      ...open,
      schema: {
        summary: 'Bookable slots of a service on a day, with what is left',
        tags,
        params: HallParams,
        querystring: S.SlotsQuery,
        response: { 200: S.SlotList, ...errorResponses },
      },
    },
    async (request) => {
      const { hall } = request.params
      const { service, date } = request.query
      return { hall, service, date, ...(await appointments.slots(hall, service, date)) }
    },
  )

  app.post(
    '/halls/:hall/appointments',
    {
      ...open,
      schema: {
        summary:
          'Book a slot (one booking per person, service and day). No token needed when the hall allows public booking.',
        tags,
        security: [...bearer, {}],
        params: HallParams,
        body: S.BookBody,
        response: { 201: S.Appointment, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { hall } = request.params
      const p = request.principal
      if (p !== null) mayIssue(p, hall)
      else if (!(await app.halls.load(hall)).document.appointments?.public) {
        throw new QmsError('QMS_ERR_UNAUTHORIZED', 'this hall takes bookings only at its counters')
      }
      const { service, date, slot, identity } = request.body
      const booked = await appointments.book(hall, {
        service,
        date,
        slot,
        person: personOf(identity),
        by: p?.tokenId ?? null,
      })
      request.log.info({ hall, service, date, slot, status: booked.status }, 'appointment booked')
      return reply.code(201).send(booked)
    },
  )

  app.get(
    '/halls/:hall/appointments/:code',
    {
      ...open,
      schema: {
        summary: 'An appointment by its booking code',
        tags,
        params: S.CodeParams,
        response: { 200: S.Appointment, ...errorResponses },
      },
    },
    async (request) => appointments.get(request.params.hall, request.params.code),
  )

  app.post(
    '/halls/:hall/appointments/:code/change',
    {
      ...open,
      schema: {
        summary: 'Move the booking to another slot (until the change deadline)',
        tags,
        params: S.CodeParams,
        body: S.ChangeBody,
        response: { 200: S.Appointment, ...errorResponses },
      },
    },
    async (request) => {
      const changed = await appointments.change(request.params.hall, request.params.code, request.body)
      request.log.info(
        { hall: request.params.hall, service: changed.service, date: changed.date, slot: changed.slot.start },
        'appointment changed',
      )
      return changed
    },
  )

  app.post(
    '/halls/:hall/appointments/:code/cancel',
    {
      ...open,
      schema: {
        summary: 'Cancel the booking (until the change deadline)',
        tags,
        params: S.CodeParams,
        body: NoBody,
        response: { 200: S.Appointment, ...errorResponses },
      },
    },
    async (request) => {
      const cancelled = await appointments.cancel(request.params.hall, request.params.code)
      request.log.info(
        { hall: request.params.hall, service: cancelled.service, date: cancelled.date },
        'appointment cancelled',
      )
      return cancelled
    },
  )

  app.post(
    '/halls/:hall/appointments/check-in',
    {
      preHandler: app.authenticate,
      schema: {
        summary: 'Check in at a kiosk or desk: an appointment ticket inside the tolerance, a walk-in ticket after it',
        tags,
        security: bearer,
        params: HallParams,
        body: S.CheckInBody,
        response: { 200: S.CheckInAnswer, 201: S.CheckInAnswer, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { hall } = request.params
      mayIssue(principalOf(request), hall)
      const body = request.body
      const by = 'code' in body ? { code: body.code } : { personKey: personOf(body.identity).key }
      const { created, ...answer } = await checkIns.checkIn(hall, by)
      request.log.info(
        { hall, ticket: answer.ticket.id, number: answer.ticket.number, late: answer.late },
        'appointment check-in',
      )
      return reply.code(created ? 201 : 200).send(answer)
    },
  )

  app.get(
    '/halls/:hall/appointments',
    {
      preHandler: app.authenticate,
      schema: {
        summary: "The day's appointments (staff)",
        tags,
        security: bearer,
        params: HallParams,
        querystring: S.DayQuery,
        response: { 200: S.AppointmentList, ...errorResponses },
      },
    },
    async (request) => {
      const { hall } = request.params
      const p = principalOf(request)
      mayIssue(p, hall)
      if (p.role === 'device') throw new QmsError('QMS_ERR_FORBIDDEN', 'devices may not list appointments')
      return { hall, date: request.query.date, appointments: await appointments.list(hall, request.query.date) }
    },
  )
}
