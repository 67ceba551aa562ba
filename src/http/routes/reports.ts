// Reports for managers: a hall's (or an org unit's halls') figures for a day or a range of
// business dates, as JSON (every dimension the report page draws) or as CSV (one dimension).
// Admins, and managers whose token covers every hall concerned. A range with more than a few
// unbuilt days answers 503 QMS_ERR_REPORT_PREPARING (with Retry-After and {built, missing}) while
// the fact maintainer (started with the database, src/system/database.ts) builds them.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import { Type } from 'typebox'
import type { Database } from '../../db/schema.ts'
import { hallsInSubtree } from '../../db/repos/org-units.ts'
import { isQmsError, QmsError } from '../../domain/errors.ts'
import { mayManageHalls } from '../../stats/access.ts'
import { reportCsv } from '../../stats/report-csv.ts'
import { DIMENSIONS, type Dimension } from '../../stats/report-query.ts'
import { ReportService } from '../../stats/report-service.ts'
import { principalOf } from '../auth.ts'
import { bearer, errorResponses, Id } from '../schemas/common.ts'

export interface ReportRoutesOptions {
  db: Kysely<Database>
  now?: () => number
  /** How old the current day's facts may be before a report rebuilds them (default 30 s). */
  liveMaxAgeMs?: number
}

/** Seconds a client waits before asking again while the statistics are being built. */
export const PREPARING_RETRY_SEC = 5

/** A report whose days are still being built (503 QMS_ERR_REPORT_PREPARING) says when to retry. */
async function retryWhilePreparing<T>(reply: FastifyReply, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    if (isQmsError(err) && err.code === 'QMS_ERR_REPORT_PREPARING')
      void reply.header('retry-after', String(PREPARING_RETRY_SEC))
    throw err
  }
}

const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'business date YYYY-MM-DD' })
const RangeQuery = Type.Object(
  { from: DateString, to: Type.Optional(DateString) },
  { additionalProperties: false, description: 'one day: from only (or from = to)' },
)
const CsvQuery = Type.Object(
  { from: DateString, to: Type.Optional(DateString), by: Type.Enum([...DIMENSIONS]) },
  { additionalProperties: false },
)
const AnyReport = Type.Object({}, { additionalProperties: true })
const HallParams = Type.Object({ hall: Id })
const UnitParams = Type.Object({ unit: Id })

export async function reportRoutes(root: FastifyInstance, opts: ReportRoutesOptions): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  const reports = new ReportService({
    db: opts.db,
    now: opts.now ?? Date.now,
    liveDocument: async (hall) => (await app.halls.load(hall)).document,
    ...(opts.liveMaxAgeMs !== undefined && { liveMaxAgeMs: opts.liveMaxAgeMs }),
  })

  const hallsOfUnit = async (request: FastifyRequest, unit: string): Promise<string[]> => {
    const halls = await hallsInSubtree(opts.db, unit)
    if (halls.length === 0) throw new QmsError('QMS_ERR_NOT_FOUND', `org unit "${unit}" has no halls`, { unit })
    mayManageHalls(principalOf(request), halls)
    return halls
  }
  const oneHall = (request: FastifyRequest, hall: string): string[] => {
    mayManageHalls(principalOf(request), [hall])
    return [hall]
  }
  const sendCsv = async (halls: string[], q: { from: string; to?: string; by: Dimension }, name: string) => {
    const to = q.to ?? q.from
    const rows = await reports.rows(halls, q.from, to, q.by)
    return { body: reportCsv(q.by, rows, await reports.names(halls)), file: `${name}-${q.by}-${q.from}_${to}.csv` }
  }

  const jsonSchema = <P>(summary: string, params: P) => ({
    summary,
    tags: ['reports'],
    security: bearer,
    params,
    querystring: RangeQuery,
    response: { 200: AnyReport, ...errorResponses },
  })
  const csvSchema = <P>(summary: string, params: P) => ({
    summary,
    tags: ['reports'],
    security: bearer,
    params,
    querystring: CsvQuery,
  })

  app.get(
    '/halls/:hall/report',
    {
      preHandler: app.authenticate,
      schema: jsonSchema('A hall’s report for a day or a range (admin, manager)', HallParams),
    },
    async (request, reply) => {
      const { from, to = from } = request.query
      return retryWhilePreparing(reply, () => reports.report(oneHall(request, request.params.hall), from, to))
    },
  )

  app.get(
    '/org-units/:unit/report',
    {
      preHandler: app.authenticate,
      schema: jsonSchema('The report of every hall under an org unit, aggregated (admin, manager)', UnitParams),
    },
    async (request, reply) => {
      const { from, to = from } = request.query
      const halls = await hallsOfUnit(request, request.params.unit)
      return retryWhilePreparing(reply, () => reports.report(halls, from, to))
    },
  )

  app.get(
    '/halls/:hall/report.csv',
    {
      preHandler: app.authenticate,
      schema: csvSchema('One dimension of a hall’s report as CSV (UTF-8 with BOM)', HallParams),
    },
    async (request, reply) => {
      const { hall } = request.params
      const csv = await retryWhilePreparing(reply, () => sendCsv(oneHall(request, hall), request.query, hall))
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${csv.file}"`)
        .send(csv.body)
    },
  )

  app.get(
    '/org-units/:unit/report.csv',
    { preHandler: app.authenticate, schema: csvSchema('One dimension of an org unit’s report as CSV', UnitParams) },
    async (request, reply) => {
      const { unit } = request.params
      const halls = await hallsOfUnit(request, unit)
      const csv = await retryWhilePreparing(reply, () => sendCsv(halls, request.query, unit))
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${csv.file}"`)
        .send(csv.body)
    },
  )
}
