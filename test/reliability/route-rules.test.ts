// Every route of the full server (startServer with a database and a notification gateway, so
// history, appointments, evaluations, reports, allocation and notify routes are all there) has an
// access rule here, and each rule is checked against real tokens: no token, a bad token, a display
// of the hall, a clerk of window W1, a manager of another hall, and an admin. The route list comes
// from the server itself, so a new route without a rule fails this test.
import t from 'tap'
import { startServer } from '../../src/server.ts'
import { freshPostgresUrlForTests } from '../helpers/services.ts'
import { newHallId, reliabilityHall } from './helpers/hall.ts'
import { freePort } from './helpers/ports.ts'
import { apiRoutes } from './helpers/routes.ts'

const ADMIN = 'reliability-admin-token-routes'

/** C the citizen holding the ticket id (or the window's evaluator device), nobody else ·
 *  P public · R any token of the hall · S staff (clerk, device, manager) · M managers of the hall ·
 *  G token administration · U org-unit managers. */
type Access = 'C' | 'P' | 'R' | 'S' | 'M' | 'G' | 'U'

interface Rule {
  access: Access
  body?: unknown
  query?: string
  /** Callers the access class would refuse but this route lets in (it filters what they see). */
  allow?: Who[]
}

const DAY = 'date=2030-01-07'
const RANGE = 'from=2030-01-07&to=2030-01-07'

const RULES: Record<string, Rule> = {
  'PUT /api/v1/halls/:hall': { access: 'M', body: reliabilityHall() },
  'GET /api/v1/halls/:hall': { access: 'R' },
  'GET /api/v1/halls/:hall/state': { access: 'R' },
  'GET /api/v1/halls/:hall/public': { access: 'P' },
  'GET /api/v1/halls/:hall/live': { access: 'P' }, // credentials are checked after the upgrade (close codes)
  // Public issuing (the hall allows it); a token must be one that may issue (not a display).
  'POST /api/v1/halls/:hall/tickets': { access: 'S', allow: ['anon'], body: { service: 'A' } },
  'GET /api/v1/halls/:hall/tickets': { access: 'M', query: DAY },
  'GET /api/v1/halls/:hall/tickets.csv': { access: 'M', query: DAY },
  'GET /api/v1/halls/:hall/tickets/:ticket': { access: 'P' },
  'POST /api/v1/halls/:hall/tickets/:ticket/start': { access: 'S' },
  'POST /api/v1/halls/:hall/tickets/:ticket/complete': { access: 'S', body: {} },
  'POST /api/v1/halls/:hall/tickets/:ticket/cancel': { access: 'S' },
  'POST /api/v1/halls/:hall/tickets/:ticket/no-show': { access: 'S' },
  'POST /api/v1/halls/:hall/tickets/:ticket/hold': { access: 'S' },
  'POST /api/v1/halls/:hall/tickets/:ticket/resume': { access: 'S' },
  'POST /api/v1/halls/:hall/tickets/:ticket/requeue': { access: 'S' },
  'POST /api/v1/halls/:hall/tickets/:ticket/transfer': { access: 'S', body: { service: 'B' } },
  'POST /api/v1/halls/:hall/tickets/:ticket/notify': { access: 'P', body: { to: '13812345678' } },
  'DELETE /api/v1/halls/:hall/tickets/:ticket/notify': { access: 'P' },
  'POST /api/v1/halls/:hall/tickets/:ticket/rating': { access: 'C', body: { grade: 5 } },
  'GET /api/v1/halls/:hall/tickets/:ticket/rating': { access: 'P' },
  'POST /api/v1/halls/:hall/windows/:window/call-next': { access: 'S' },
  'POST /api/v1/halls/:hall/windows/:window/recall': { access: 'S' },
  'POST /api/v1/halls/:hall/windows/:window/open': { access: 'S' },
  'POST /api/v1/halls/:hall/windows/:window/pause': { access: 'S', body: { reason: 'break' } },
  'POST /api/v1/halls/:hall/windows/:window/close': { access: 'S' },
  'GET /api/v1/halls/:hall/events': { access: 'M' },
  'GET /api/v1/halls/:hall/evaluations': { access: 'M', query: RANGE },
  'GET /api/v1/halls/:hall/cases': { access: 'M' },
  'GET /api/v1/halls/:hall/cases/:case': { access: 'M' },
  'POST /api/v1/halls/:hall/cases/:case/transition': { access: 'M', body: { to: 'closed' } },
  'POST /api/v1/halls/:hall/cases/:case/notes': { access: 'M', body: { text: 'called back' } },
  'GET /api/v1/halls/:hall/report': { access: 'M', query: RANGE },
  'GET /api/v1/halls/:hall/report.csv': { access: 'M', query: `${RANGE}&by=service` },
  'GET /api/v1/halls/:hall/appointments/options': { access: 'P' },
  'GET /api/v1/halls/:hall/appointments/slots': { access: 'P', query: `service=A&${DAY}` },
  // Public only where the hall document says `appointments.public` (this one has no appointments).
  'POST /api/v1/halls/:hall/appointments': {
    access: 'S',
    body: { service: 'A', date: '2030-01-07', slot: '10:00', identity: { phone: '13812345678' } },
  },
  'GET /api/v1/halls/:hall/appointments': { access: 'S', query: DAY },
  'POST /api/v1/halls/:hall/appointments/check-in': { access: 'S', body: { code: 'ABCDEFGHJK' } },
  'GET /api/v1/halls/:hall/appointments/:code': { access: 'P' },
  'POST /api/v1/halls/:hall/appointments/:code/change': { access: 'P', body: { date: '2030-01-07', slot: '10:00' } },
  'POST /api/v1/halls/:hall/appointments/:code/cancel': { access: 'P' },
  'GET /api/v1/halls/:hall/allocation': { access: 'R' },
  'PATCH /api/v1/halls/:hall/allocation/settings': { access: 'M', body: {} },
  'POST /api/v1/halls/:hall/allocation/run': { access: 'M' },
  'GET /api/v1/halls/:hall/allocation/proposals': { access: 'R' },
  'POST /api/v1/halls/:hall/allocation/proposals/:proposal/approve': { access: 'M' },
  'POST /api/v1/halls/:hall/allocation/proposals/:proposal/reject': { access: 'M' },
  'GET /api/v1/halls/:hall/allocation/events': { access: 'R' },
  'GET /api/v1/halls/:hall/alarms': { access: 'R' },
  'GET /api/v1/halls/:hall/staffing-plan': { access: 'M', query: DAY },
  'POST /api/v1/tokens': { access: 'G', body: { role: 'display', hall: '{hall}' } },
  'GET /api/v1/tokens': { access: 'G', allow: ['managerOther'] }, // managers list their own,
  'DELETE /api/v1/tokens/:id': { access: 'G' },
  // The org tree itself is the admins' (managers of a unit may read it).
  'POST /api/v1/org-units': { access: 'U', body: { id: 'unit-new', name: '深圳市', kind: 'city' } },
  'GET /api/v1/org-units/:unit': { access: 'U' },
  'PUT /api/v1/org-units/:unit/halls/:hall': { access: 'U' },
  'POST /api/v1/org-units/:unit/manager-tokens': { access: 'U', body: {} },
  'GET /api/v1/org-units/:unit/cases': { access: 'U' },
  'GET /api/v1/org-units/:unit/report': { access: 'U', query: RANGE },
  'GET /api/v1/org-units/:unit/report.csv': { access: 'U', query: `${RANGE}&by=service` },
}

type Who = 'anon' | 'bogus' | 'display' | 'clerk' | 'managerOther' | 'admin'
const REFUSED = (who: Who, { access, allow }: Rule): number | null => {
  if (access === 'C') return who === 'anon' ? null : who === 'bogus' ? 401 : 403
  if (who === 'admin' || allow?.includes(who)) return null
  if (access === 'P') return null
  if (who === 'anon' || who === 'bogus') return 401
  if (who === 'managerOther') return 403
  if (who === 'display') return access === 'R' ? null : 403
  if (who === 'clerk') return access === 'R' || access === 'S' ? null : 403
  return null
}

t.test('every route has an access rule, and the rules hold', async (t) => {
  const pgUrl = await freshPostgresUrlForTests(t)
  if (!pgUrl) return
  const server = await startServer({
    DATABASE_URL: pgUrl,
    ADMIN_TOKEN: ADMIN,
    IDENTITY_KEY: 'e'.repeat(64),
    NOTIFY_WEBHOOK_URL: 'http://127.0.0.1:9/never-called',
    NOTIFY_WEBHOOK_SECRET: 'f'.repeat(32),
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    LOG_LEVEL: 'fatal',
  })
  t.teardown(() => server.close())
  const app = server.app

  const routes = apiRoutes(app)
  const missing = routes.filter((r) => !RULES[r])
  t.same(missing, [], 'every /api/v1 route has a rule in this table (add one for a new route)')
  const stale = Object.keys(RULES).filter((r) => !routes.includes(r))
  t.same(stale, [], 'every rule names a route that exists')

  const hall = newHallId('routes')
  const other = newHallId('routes-other')
  const req = (method: string, url: string, token: string | null, body?: unknown) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(token !== null && { authorization: `Bearer ${token}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { payload: JSON.stringify(body) }),
    })
  for (const h of [hall, other])
    t.equal((await req('PUT', `/api/v1/halls/${h}`, ADMIN, reliabilityHall())).statusCode, 201)
  const mint = async (body: object): Promise<string> => {
    const r = await req('POST', '/api/v1/tokens', ADMIN, body)
    t.equal(r.statusCode, 201, r.body)
    return r.json().secret as string
  }
  const tokens: Record<Who, string | null> = {
    anon: null,
    bogus: 'not-a-real-token-at-all',
    display: await mint({ role: 'display', hall }),
    clerk: await mint({ role: 'clerk', hall, windows: ['W1'] }),
    managerOther: await mint({ role: 'manager', halls: [other] }),
    admin: ADMIN,
  }
  const ticket = (await req('POST', `/api/v1/halls/${hall}/tickets`, ADMIN, { service: 'A' })).json().id as string
  const params: Record<string, string> = {
    hall,
    ticket,
    window: 'W1',
    case: 'case-1',
    proposal: '00000000-0000-4000-8000-000000000000',
    code: 'ABCDEFGHJK',
    id: 'tok-unknown',
    unit: 'unit-1',
  }
  const events = async () => (await server.store.eventsSince(hall, 0, 10_000)).length

  let checked = 0
  for (const route of routes.filter((r) => RULES[r])) {
    const [method, pattern] = route.split(' ') as [string, string]
    const rule = RULES[route]!
    const body = JSON.parse(JSON.stringify(rule.body ?? null).replaceAll('{hall}', hall)) ?? undefined
    for (const who of ['anon', 'bogus', 'display', 'clerk', 'managerOther', 'admin'] as Who[]) {
      const refused = REFUSED(who, rule)
      // Allowed calls change state (an admin's cancel): ticket actions get a fresh waiting ticket.
      if (pattern.includes(':ticket'))
        params.ticket = (await req('POST', `/api/v1/halls/${hall}/tickets`, ADMIN, { service: 'A' })).json().id
      const url = pattern.replace(/:([a-z]+)/g, (_, p: string) => params[p]!) + (rule.query ? `?${rule.query}` : '')
      const before = await events()
      const res = await req(method, url, tokens[who], method === 'GET' || method === 'DELETE' ? undefined : body)
      checked++
      if (refused !== null) {
        // A made-up case, proposal, code, token or unit may be looked up before the role check.
        // An unknown org unit has no halls: the answer is empty, which is no leak either.
        const lookedUp =
          /:(case|proposal|code|id|unit)\b/.test(pattern) &&
          (res.statusCode === 404 || (res.statusCode === 200 && /^\{"halls":\[\],/.test(res.body)))
        t.ok(
          res.statusCode === refused || lookedUp,
          `${route} as ${who}: ${refused} (got ${res.statusCode} ${res.body.slice(0, 100)})`,
        )
        t.equal(await events(), before, `${route} as ${who}: refused, nothing changed`)
      } else if (who === 'bogus' && res.statusCode === 401) {
        // A public route that looks at the Authorization header says a bad token is bad (documented).
      } else if (res.statusCode === 401 || res.statusCode === 403) {
        t.fail(`${route} as ${who}: allowed by the rule, got ${res.statusCode} ${res.body.slice(0, 120)}`)
      }
    }
  }
  t.ok(checked >= 300, `${checked} route × caller cases`)
})
