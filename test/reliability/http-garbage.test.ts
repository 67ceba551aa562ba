// Garbage in every part of a request the route fuzz test (test/http/fuzz.test.ts) leaves alone:
// path parameters, query strings, Authorization and Idempotency-Key headers, on every route of
// the full server (the route list comes from the server). Every answer is a 4xx (or a 2xx for a
// harmless read) with the error body, never a 5xx; the hall's events do not change except by a
// request that succeeded; the server keeps answering.
import fc from 'fast-check'
import t from 'tap'
import { startServer } from '../../src/server.ts'
import { freshPostgresUrlForTests } from '../helpers/services.ts'
import { newHallId, reliabilityHall } from './helpers/hall.ts'
import { freePort } from './helpers/ports.ts'
import { apiRoutes } from './helpers/routes.ts'

// Processes start and stop here: more than tap's default 2 minutes on a busy machine, and
// RELIABILITY_LONG=1 runs for minutes.
t.setTimeout(process.env.RELIABILITY_LONG === '1' ? 15 * 60_000 : 5 * 60_000)

const ADMIN = 'reliability-admin-token-garbage'
const RUNS = process.env.RELIABILITY_LONG === '1' ? 4000 : 600

const nasty = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.constantFrom(
    '..',
    '../../etc/passwd',
    '%2e%2e%2f',
    '%00',
    '%ZZ',
    '\u0000',
    'A'.repeat(300),
    '😀',
    ' ',
    '*',
    '$',
    'null',
  ),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
)
const query = fc.dictionary(
  fc.constantFrom('date', 'from', 'to', 'by', 'since', 'limit', 'page', 'service', 'token', 'x', '__proto__'),
  nasty,
  { maxKeys: 4 },
)

t.test('garbage paths, queries and headers never get a 5xx', async (t) => {
  const pgUrl = await freshPostgresUrlForTests(t)
  if (!pgUrl) return
  const server = await startServer({
    DATABASE_URL: pgUrl,
    ADMIN_TOKEN: ADMIN,
    IDENTITY_KEY: '7'.repeat(64),
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    LOG_LEVEL: 'fatal',
  })
  t.teardown(() => server.close())
  const hall = newHallId('garbage')
  const app = server.app
  const put = await app.inject({
    method: 'PUT',
    url: `/api/v1/halls/${hall}`,
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    payload: JSON.stringify(reliabilityHall()),
  })
  t.equal(put.statusCode, 201)
  const routes = apiRoutes(app)
  const seen = new Map<number, number>()
  const fives: string[] = []

  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...routes),
      fc.array(nasty, { minLength: 4, maxLength: 4 }),
      query,
      fc.option(
        fc.oneof(
          nasty,
          fc.constant(`Bearer ${ADMIN}`),
          nasty.map((s) => `Bearer ${s}`),
        ),
        { nil: undefined },
      ),
      fc.option(nasty, { nil: undefined }),
      fc.boolean(),
      async (route, params, q, authorization, idem, realHall) => {
        const [method, pattern] = route.split(' ') as [string, string]
        let i = 0
        const path = pattern.replace(/:([a-z]+)/g, (_, name: string) =>
          name === 'hall' && realHall ? hall : encodeURIComponent(params[i++ % 4]!),
        )
        const search = new URLSearchParams(q as Record<string, string>).toString()
        const headers: Record<string, string> = {}
        // Header values must be sendable at all (no control characters): those are the client's problem.
        const sendable = (v: string): boolean => /^[\t\x20-\x7e]*$/.test(v)
        if (authorization !== undefined && sendable(authorization)) headers.authorization = authorization
        if (idem !== undefined && sendable(idem)) headers['idempotency-key'] = idem
        if (method !== 'GET' && method !== 'DELETE') headers['content-type'] = 'application/json'
        const res = await app.inject({
          method: method as 'GET',
          url: `${path}${search ? `?${search}` : ''}`,
          headers,
          ...(method !== 'GET' && method !== 'DELETE' && { payload: '{}' }),
        })
        seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1)
        if (res.statusCode >= 500)
          fives.push(`${method} ${path}?${search} → ${res.statusCode} ${res.body.slice(0, 120)}`)
        if (res.statusCode >= 400 && route !== 'GET /api/v1/halls/:hall/live')
          return /"code":"QMS_ERR_[A-Z_]+"/.test(res.body) && res.statusCode < 500
        return res.statusCode < 500
      },
    ),
    { numRuns: RUNS },
  )
  t.same(fives, [], 'no 5xx')
  t.comment(`answers: ${JSON.stringify(Object.fromEntries([...seen].sort()))}`)
  const alive = await app.inject({ method: 'GET', url: `/api/v1/halls/${hall}/public` })
  t.equal(alive.statusCode, 200, 'the server still answers')
})
