// Throws malformed requests at every mutating route (fast-check): wrong types, huge strings, bad
// JSON, unknown fields, bad ids (path traversal, bad escapes), oversized bodies. Every request
// carries the admin token, so its defect is the only reason to refuse it. Every answer must be a
// 4xx with the error body, the app must keep serving, and the hall must be exactly as it was.
import fc from 'fast-check'
import t from 'tap'
import { ERROR_CODES } from '../../src/domain/errors.ts'
import { hallDoc, harness, type Harness } from './fixtures/app.ts'
import { forEachBackend } from './fixtures/backends.ts'

type Kind = 'string' | 'boolOrString' | 'array'
interface Route {
  method: 'POST' | 'PUT' | 'DELETE'
  /** Path segments; `:name` segments take ids from the live hall. */
  path: string[]
  body?: () => Record<string, unknown>
  fields: Record<string, Kind>
  limit?: number // body limit of the route
}

const ticketRoute = (
  action: string,
  body?: () => Record<string, unknown>,
  fields: Record<string, Kind> = {},
): Route => ({
  method: 'POST',
  path: ['halls', ':hall', 'tickets', ':ticket', action],
  ...(body && { body }),
  fields,
})
const windowRoute = (
  action: string,
  body?: () => Record<string, unknown>,
  fields: Record<string, Kind> = {},
): Route => ({
  method: 'POST',
  path: ['halls', ':hall', 'windows', ':window', action],
  ...(body && { body }),
  fields,
})

const ROUTES: Route[] = [
  {
    method: 'POST',
    path: ['halls', ':hall', 'tickets'],
    body: () => ({ service: 'A', priority: true }),
    fields: { service: 'string', priority: 'boolOrString' },
  },
  {
    method: 'PUT',
    path: ['halls', ':hall'],
    body: () => hallDoc(),
    fields: { name: 'string', timezone: 'string', services: 'array', windows: 'array' },
    limit: 1024 * 1024,
  },
  windowRoute('call-next'),
  windowRoute('recall'),
  windowRoute('open'),
  windowRoute('pause', () => ({ reason: '午休' }), { reason: 'string' }),
  windowRoute('close'),
  ...['start', 'no-show', 'cancel', 'hold', 'resume', 'requeue'].map((a) => ticketRoute(a)),
  ticketRoute('complete', () => ({ outcome: 'completed' }), { outcome: 'string' }),
  ticketRoute('transfer', () => ({ service: 'B' }), { service: 'string' }),
  {
    method: 'POST',
    path: ['tokens'],
    body: () => ({ role: 'display', hall: 'fuzz-hall' }),
    fields: { role: 'string', hall: 'string', label: 'string' },
  },
  { method: 'DELETE', path: ['tokens', ':token'], fields: {} },
]

interface Malformed {
  method: Route['method']
  url: string
  payload?: string
  label: string
}

const BAD_IDS = [
  '..',
  '../..',
  '../../etc/passwd',
  '..\\..\\boot.ini',
  '.',
  'a/b',
  'x'.repeat(65),
  'é',
  'a b',
  'a\u0000b',
  '<script>',
  "' OR 1=1 --",
  '${jndi:ldap://x}',
  '%2e%2e%2f',
]
const badId = fc.oneof(
  fc.constantFrom(...BAD_IDS),
  fc.string({ minLength: 1, maxLength: 80 }).filter((s) => !/^[A-Za-z0-9_-]{1,64}$/.test(s)),
)
/** Raw (not re-encoded) path segments: undecodable escapes and traversal. */
const RAW_SEGMENTS = ['%E0%A4%A', '%zz', '%', '..%2F..%2F', '%2e%2e', '..%5c..%5c']

const wrongValue = (kind: Kind) =>
  fc
    .oneof(
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.integer(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
      fc.string({ maxLength: 10 }),
    )
    .filter((v) =>
      kind === 'string'
        ? typeof v !== 'string'
        : kind === 'boolOrString'
          ? typeof v !== 'string' && typeof v !== 'boolean'
          : !Array.isArray(v),
    )

const badJson = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 60 }),
    fc.constantFrom(
      '{',
      '{"service":',
      '{"service":"A"}}',
      "{'a':1}",
      '[1,]',
      'NaN',
      '{"a":undefined}',
      '\u0000',
      '   ',
      '{"service":"A",}',
    ),
  )
  .filter((s) => {
    try {
      JSON.parse(s)
      return false
    } catch {
      return true
    }
  })

const knownKeys = new Set([
  'service',
  'priority',
  'reason',
  'outcome',
  'role',
  'hall',
  'halls',
  'windows',
  'device',
  'label',
  'expiresInSeconds',
  ...Object.keys(hallDoc()),
])

function urlOf(route: Route, ids: Record<string, string>, replace?: { index: number; segment: string }): string {
  const params = route.path.map((s, i) => (s.startsWith(':') ? i : -1)).filter((i) => i >= 0)
  const segments = route.path.map((s) => (s.startsWith(':') ? encodeURIComponent(ids[s.slice(1)]!) : s))
  if (replace) segments[params[replace.index % params.length]!] = replace.segment
  return `/api/v1/${segments.join('/')}`
}

/** One malformed request of the given kind for a route. */
function malformed(kind: string, ids: Record<string, string>): fc.Arbitrary<Malformed> {
  const route = fc.constantFrom(...ROUTES)
  const base = (r: Route) => (r.body ? r.body() : {})
  switch (kind) {
    case 'bad JSON':
      return fc.tuple(route, badJson).map(([r, payload]) => ({
        method: r.method,
        url: urlOf(r, ids),
        payload,
        label: `${r.path.join('/')} ${JSON.stringify(payload)}`,
      }))
    case 'unknown field':
      return fc
        .tuple(
          route,
          fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !knownKeys.has(k)),
          fc.jsonValue({ maxDepth: 2 }),
        )
        .map(([r, key, value]) => ({
          method: r.method,
          url: urlOf(r, ids),
          payload: JSON.stringify({ ...base(r), [key]: value }),
          label: `${r.path.join('/')} +${key}`,
        }))
    case 'wrong type': {
      const withFields = ROUTES.filter((r) => Object.keys(r.fields).length > 0)
      const noBody = ROUTES.filter((r) => !r.body)
      return fc.oneof(
        fc.constantFrom(...withFields).chain((r) =>
          fc.constantFrom(...Object.keys(r.fields)).chain((field) =>
            wrongValue(r.fields[field]!).map((v) => ({
              method: r.method,
              url: urlOf(r, ids),
              payload: JSON.stringify({ ...base(r), [field]: v }),
              label: `${r.path.join('/')} ${field}=${JSON.stringify(v)}`,
            })),
          ),
        ),
        // Routes without a body take nothing or {}: any other JSON value is wrong.
        fc
          .tuple(
            fc.constantFrom(...noBody),
            fc.oneof(fc.integer(), fc.constant(null), fc.string(), fc.array(fc.integer()), fc.boolean()),
          )
          .map(([r, v]) => ({
            method: r.method,
            url: urlOf(r, ids),
            payload: JSON.stringify(v),
            label: `${r.path.join('/')} body=${JSON.stringify(v)}`,
          })),
      )
    }
    case 'huge string': {
      const withStrings = ROUTES.filter((r) => Object.values(r.fields).includes('string'))
      return fc.tuple(fc.constantFrom(...withStrings), fc.integer({ min: 2_000, max: 150_000 })).chain(([r, n]) =>
        fc.constantFrom(...Object.keys(r.fields).filter((f) => r.fields[f] === 'string')).map((field) => ({
          method: r.method,
          url: urlOf(r, ids),
          payload: JSON.stringify({ ...base(r), [field]: 'é'.repeat(n) }),
          label: `${r.path.join('/')} ${field}=${n} chars`,
        })),
      )
    }
    case 'bad id': {
      const withParams = ROUTES.filter((r) => r.path.some((s) => s.startsWith(':')))
      return fc
        .tuple(
          fc.constantFrom(...withParams),
          fc.nat(3),
          fc.oneof(badId.map(encodeURIComponent), fc.constantFrom(...RAW_SEGMENTS)),
        )
        .map(([r, index, segment]) => ({
          method: r.method,
          url: urlOf(r, ids, { index, segment }),
          ...(r.body && { payload: JSON.stringify(r.body()) }),
          label: `${r.path.join('/')} id=${segment}`,
        }))
    }
    default: // oversized
      return fc.tuple(route, fc.integer({ min: 1, max: 100 })).map(([r, extraKiB]) => {
        const size = (r.limit ?? 64 * 1024) + extraKiB * 1024
        return {
          method: r.method,
          url: urlOf(r, ids),
          payload: JSON.stringify({ ...base(r), pad: 'x'.repeat(size) }),
          label: `${r.path.join('/')} ${size} bytes`,
        }
      })
  }
}

const KINDS = ['bad JSON', 'unknown field', 'wrong type', 'huge string', 'bad id', 'oversized']
const RUNS_PER_KIND = 40 // 240 requests per backend

async function hallState(h: Harness) {
  const state = await h.req('GET', `/api/v1/halls/${h.hall}/state`)
  return {
    status: state.statusCode,
    state: state.json(),
    events: await h.store.eventsSince(h.hall, 0, 10_000),
    tokens: await h.tokens.list(),
    doc: (await h.req('GET', `/api/v1/halls/${h.hall}`)).body,
  }
}

forEachBackend(t, async (t, backend) => {
  const h = await harness(t, backend)
  await h.setupHall(hallDoc(), ['W1', 'W2'])
  const issue = async (service: string) => {
    h.clock.now += 1000
    return (await h.req('POST', `/api/v1/halls/${h.hall}/tickets`, { body: { service } })).json().id as string
  }
  const called = await issue('A')
  await h.req('POST', `/api/v1/halls/${h.hall}/windows/W1/call-next`)
  await issue('A')
  await issue('B')
  const token = (await h.req('POST', '/api/v1/tokens', { body: { role: 'display', hall: h.hall } })).json().token
    .id as string
  const ids = { hall: h.hall, window: 'W1', ticket: called, token }
  const before = await hallState(h)
  t.equal(before.status, 200)

  let sent = 0
  for (const kind of KINDS) {
    await t.test(kind, async (t) => {
      await fc.assert(
        fc.asyncProperty(malformed(kind, ids), async (m) => {
          const res = await h.app.inject({
            method: m.method,
            url: m.url,
            headers: {
              authorization: 'Bearer admin-secret-for-tests',
              ...(m.payload !== undefined && { 'content-type': 'application/json' }),
            },
            ...(m.payload !== undefined && { payload: m.payload }),
          })
          sent++
          const body = res.json() as Record<string, unknown>
          const ok =
            res.statusCode >= 400 &&
            res.statusCode < 500 &&
            body.statusCode === res.statusCode &&
            typeof body.code === 'string' &&
            body.code in ERROR_CODES &&
            typeof body.error === 'string' &&
            typeof body.message === 'string'
          if (!ok) throw new Error(`${m.label}: ${res.statusCode} ${res.body.slice(0, 300)}`)
        }),
        { numRuns: RUNS_PER_KIND },
      )
      t.pass(`${RUNS_PER_KIND} malformed requests (${kind}) answered with a 4xx error body`)
    })
  }

  t.ok(sent >= 200, `${sent} malformed requests sent`)
  const after = await hallState(h)
  t.same(after, before, 'hall state, events, document and tokens are unchanged')
  const next = await h.req('POST', `/api/v1/halls/${h.hall}/windows/W2/call-next`)
  t.equal(next.statusCode, 200, 'the app still serves normal requests')
})
