// One place to wire ratings, follow-up cases and reports into the server's /api/v1 scope.
import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { caseRoutes } from '../http/routes/cases.ts'
import { ratingRoutes } from '../http/routes/ratings.ts'
import { reportRoutes } from '../http/routes/reports.ts'

export interface EvaluationWiring {
  db: Kysely<Database>
  now?: () => number
  liveMaxAgeMs?: number
}

/** For `buildApp({ apiPlugins })`. */
export const evaluationApiPlugin =
  (o: EvaluationWiring) =>
  async (api: FastifyInstance): Promise<void> => {
    const common = { db: o.db, ...(o.now && { now: o.now }) }
    await api.register(ratingRoutes, common)
    await api.register(caseRoutes, common)
    await api.register(reportRoutes, {
      ...common,
      ...(o.liveMaxAgeMs !== undefined && { liveMaxAgeMs: o.liveMaxAgeMs }),
    })
  }
