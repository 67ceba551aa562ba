// Allocation API: the controller's status and proposals (approve / reject with one click), its
// settings, alarms, its event log and the staffing plan of a day (JSON or CSV).
// Register inside the /api/v1 scope: `(api) => api.register(allocationRoutes, { engine })`.
// Reading: any token of the hall. Settings, approvals and manual runs: admins and the hall's managers.

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { AllocationEngine, type EngineDeps } from '../../alloc/engine.ts'
import type { ArrivalHistorySource } from '../../alloc/history-source.ts'
import { planCsv } from '../../domain/alloc/plan.ts'
import { isValidDate } from '../../domain/calendar.ts'
import { QmsError } from '../../domain/errors.ts'
import { principalOf } from '../auth.ts'
import { mayConfigure, mayRead } from '../guards.ts'
import { bearer, errorResponses, HallParams, Id, NoBody } from '../schemas/common.ts'

export interface AllocationRoutesOptions {
  /** An engine the caller made (and runs); without one the plugin makes one over the app's
   *  store, halls and queue services and runs it every `intervalMs`. */
  engine?: AllocationEngine
  history?: ArrivalHistorySource
  devices?: EngineDeps['devices']
  /** Controller period for the engine the plugin makes (default 60 s; 0: only on POST …/run). */
  intervalMs?: number
  now?: () => number
  /** Receives the engine (e.g. to forward its events to the live channel). */
  onEngine?: (engine: AllocationEngine) => void
}

const Loose = (description: string) => Type.Object({}, { additionalProperties: true, description })
const Seconds = Type.Integer({ minimum: 0, maximum: 86_400 })

const SettingsPatch = Type.Object(
  {
    mode: Type.Optional(Type.Union([Type.Literal('off'), Type.Literal('advise'), Type.Literal('auto')])),
    targetWaitSec: Type.Optional(Type.Integer({ minimum: 60, maximum: 14_400 })),
    targetLevel: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 })),
    flexible: Type.Optional(
      Type.Record(Type.String({ pattern: '^[A-Za-z0-9_-]{1,32}$' }), Type.Array(Id, { minItems: 1, maxItems: 64 })),
    ),
    keepOpen: Type.Optional(Type.Array(Id, { maxItems: 200 })),
    maxStaffed: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 1000 }), Type.Null()])),
    minDwellSec: Type.Optional(Seconds),
    closeAfterSec: Type.Optional(Seconds),
    closeMargin: Type.Optional(Type.Number({ minimum: 0, maximum: 0.19 })),
    maxChangesPerTick: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
    lookAheadSec: Type.Optional(Seconds),
    patienceMeanSec: Type.Optional(Type.Union([Type.Integer({ minimum: 60, maximum: 86_400 }), Type.Null()])),
    maxPauseSec: Type.Optional(Seconds),
    handlingAlarmFactor: Type.Optional(Type.Number({ exclusiveMinimum: 1, maximum: 10 })),
    proposalTtlSec: Type.Optional(Seconds),
  },
  { additionalProperties: false },
)

const ProposalParams = Type.Object({ hall: Id, proposal: Type.String({ format: 'uuid', pattern: '^[0-9a-f-]{36}$' }) })

export async function allocationRoutes(root: FastifyInstance, opts: AllocationRoutesOptions): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  const engine =
    opts.engine ??
    new AllocationEngine({
      store: root.store,
      halls: root.halls,
      queue: root.queue,
      ...(opts.now && { now: opts.now }),
      ...(opts.history && { history: opts.history }),
      ...(opts.devices && { devices: opts.devices }),
    })
  if (!opts.engine && opts.intervalMs !== 0) {
    engine.start(opts.intervalMs ?? 60_000, (hall, err) => root.log.error({ hall, err }, 'allocation tick failed'))
    root.addHook('onClose', async () => engine.stop())
  }
  opts.onEngine?.(engine)
  const common = { preHandler: app.authenticate }
  const tags = ['allocation']

  app.get(
    '/halls/:hall/allocation',
    {
      ...common,
      schema: {
        summary: 'Controller status: settings, service groups (need vs supply), active alarms',
        tags,
        security: bearer,
        params: HallParams,
        response: { 200: Loose('allocation status'), ...errorResponses },
      },
    },
    async (request) => {
      mayRead(principalOf(request), request.params.hall)
      return engine.status(request.params.hall)
    },
  )

  app.patch(
    '/halls/:hall/allocation/settings',
    {
      ...common,
      schema: {
        summary: 'Change allocation settings (mode advise/auto/off, targets, flexible windows…)',
        tags,
        security: bearer,
        params: HallParams,
        body: SettingsPatch,
        response: { 200: Loose('settings'), ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request)
      mayConfigure(p, request.params.hall)
      return { settings: await engine.setSettings(request.params.hall, request.body, p.tokenId) }
    },
  )

  app.post(
    '/halls/:hall/allocation/run',
    {
      ...common,
      schema: {
        summary: 'Run the controller now (it also runs every minute)',
        tags,
        security: bearer,
        params: HallParams,
        body: NoBody,
        response: { 200: Loose('new proposals, groups, alarms'), ...errorResponses },
      },
    },
    async (request) => {
      mayConfigure(principalOf(request), request.params.hall)
      return engine.tick(request.params.hall)
    },
  )

  app.get(
    '/halls/:hall/allocation/proposals',
    {
      ...common,
      schema: {
        summary: 'Proposals, newest first (pending ones wait for approval in advise mode)',
        tags,
        security: bearer,
        params: HallParams,
        response: { 200: Loose('proposals'), ...errorResponses },
      },
    },
    async (request) => {
      mayRead(principalOf(request), request.params.hall)
      return { proposals: await engine.proposals(request.params.hall) }
    },
  )

  for (const verb of ['approve', 'reject'] as const) {
    app.post(
      `/halls/:hall/allocation/proposals/:proposal/${verb}`,
      {
        ...common,
        schema: {
          summary: verb === 'approve' ? 'Approve and apply a pending proposal' : 'Reject a pending proposal',
          tags,
          security: bearer,
          params: ProposalParams,
          body: NoBody,
          response: { 200: Loose('the proposal after the decision'), ...errorResponses },
        },
      },
      async (request) => {
        const p = principalOf(request)
        const { hall, proposal } = request.params
        mayConfigure(p, hall)
        const result =
          verb === 'approve'
            ? await engine.approve(hall, proposal, p.tokenId)
            : await engine.reject(hall, proposal, p.tokenId)
        request.log.info(
          { hall, proposal, action: result.action, status: result.status },
          `allocation proposal ${verb}`,
        )
        return { proposal: result }
      },
    )
  }

  app.get(
    '/halls/:hall/alarms',
    {
      ...common,
      schema: {
        summary: 'Active alarms of the hall',
        tags,
        security: bearer,
        params: HallParams,
        response: { 200: Loose('alarms'), ...errorResponses },
      },
    },
    async (request) => {
      mayRead(principalOf(request), request.params.hall)
      return { alarms: (await engine.status(request.params.hall)).alarms }
    },
  )

  app.get(
    '/halls/:hall/allocation/events',
    {
      ...common,
      schema: {
        summary: 'Allocation and alarm events after a seq',
        tags,
        security: bearer,
        params: HallParams,
        querystring: Type.Object(
          {
            since: Type.Optional(Type.Integer({ minimum: 0 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Loose('events'), ...errorResponses },
      },
    },
    async (request) => {
      const { hall } = request.params
      mayRead(principalOf(request), hall)
      await engine.settings(hall) // unknown hall → 404
      return { events: engine.log.since(hall, request.query.since ?? 0, request.query.limit ?? 200) }
    },
  )

  app.get(
    '/halls/:hall/staffing-plan',
    {
      ...common,
      schema: {
        summary: 'Staffing plan of a day per 15 minutes and service (format=csv for a spreadsheet)',
        tags,
        security: bearer,
        params: HallParams,
        querystring: Type.Object(
          {
            date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
            format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { hall } = request.params
      mayConfigure(principalOf(request), hall)
      if (!isValidDate(request.query.date))
        throw new QmsError('QMS_ERR_VALIDATION', `date: not a calendar date "${request.query.date}"`)
      const plan = await engine.plan(hall, request.query.date)
      if (request.query.format !== 'csv') return plan
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="staffing-${hall}-${plan.date}.csv"`)
        .send(planCsv(plan))
    },
  )
}
