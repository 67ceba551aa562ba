// GET /halls/{hall}/public: the names a citizen's page shows (hall, services, windows, priority
// classes) and which citizen features the server offers, with no token: the mobile ticket page
// holds only a ticket id. A token, if sent, must be valid (401 otherwise), as on every route.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import type { Static } from 'typebox'
import type { HallDocument } from '../../config/hall-document.ts'
import { errorResponses, HallParams } from '../schemas/common.ts'
import { PublicHall } from '../schemas/hall-public.ts'

type PublicHallView = Static<typeof PublicHall>

/** The optional-English name pair, without an absent `nameEn` key. */
const named = (x: { id: string; name: string; nameEn?: string }) => ({
  id: x.id,
  name: x.name,
  ...(x.nameEn !== undefined && { nameEn: x.nameEn }),
})

export function publicHallView(
  hall: string,
  doc: HallDocument,
  offered: { appointments: boolean; notify: boolean },
): PublicHallView {
  return {
    hall,
    name: doc.name,
    ...(doc.nameEn !== undefined && { nameEn: doc.nameEn }),
    ...(doc.notice !== undefined && { notice: doc.notice }),
    services: doc.services.map((s) => ({ ...named(s), prefix: s.prefix, category: s.category })),
    windows: doc.windows.map(named),
    priorityClasses: doc.priorityClasses.map((c) => ({
      ...named(c),
      ...(c.marker !== undefined && { marker: c.marker }),
    })),
    features: {
      booking: offered.appointments && doc.appointments !== undefined && doc.appointments.public,
      notify: offered.notify,
    },
  }
}

export async function hallPublicRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  // Appointment and notify routes are plugins registered after this one (citizenServices, only
  // with a database / a gateway): ask the router at request time whether they are there.
  const offered = (prefix: string) => ({
    appointments: app.hasRoute({ method: 'POST', url: `${prefix}/halls/:hall/appointments` }),
    notify: app.hasRoute({ method: 'POST', url: `${prefix}/halls/:hall/tickets/:ticket/notify` }),
  })

  app.get(
    '/halls/:hall/public',
    {
      preHandler: app.identify,
      schema: {
        summary:
          'Names a citizen sees (hall, services, windows, priority classes) and the citizen features offered; no token needed',
        tags: ['halls'],
        params: HallParams,
        response: { 200: PublicHall, ...errorResponses },
      },
    },
    async (request) => {
      const { hall } = request.params
      const { document } = await app.halls.load(hall)
      return publicHallView(hall, document, offered(app.prefix))
    },
  )
}
