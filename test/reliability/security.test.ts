// Security under attack, through the real server (startServer, default limits):
//  - a flood of 10,000 public ticket requests (one address, spoofed X-Forwarded-For, then 10,000
//    addresses) gets at most the per-client and per-hall quotas, while a kiosk with its device
//    token issues every ticket it asks for during the flood;
//  - every answer carries the security headers (API answers are never cached or framed);
//  - no secret is written into the repository's code or configuration;
//  - ID numbers and phone numbers never reach the logs, the events or the public views.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import t, { type Test } from 'tap'
import { startServer } from '../../src/server.ts'
import pg from 'pg'
import { freshPostgresUrlForTests } from '../helpers/services.ts'
import { record } from './helpers/figures.ts'
import { newHallId, reliabilityHall } from './helpers/hall.ts'
import { freePort } from './helpers/ports.ts'

const ADMIN = 'reliability-admin-token-security'
const ROOT = fileURLToPath(new URL('../../', import.meta.url))

async function server(t: Test, env: Record<string, string> = {}, now?: () => number) {
  const s = await startServer(
    {
      ADMIN_TOKEN: ADMIN,
      IDENTITY_KEY: '9'.repeat(64),
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      LOG_LEVEL: 'fatal',
      ...env,
    },
    now ? { now } : {},
  )
  t.teardown(() => s.close())
  const hall = newHallId('sec')
  const put = await s.app.inject({
    method: 'PUT',
    url: `/api/v1/halls/${hall}`,
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    payload: JSON.stringify(reliabilityHall()),
  })
  t.equal(put.statusCode, 201)
  return { s, hall }
}

const issue = (
  app: Awaited<ReturnType<typeof startServer>>['app'],
  hall: string,
  o: { ip?: string; token?: string; xff?: string } = {},
) =>
  app.inject({
    method: 'POST',
    url: `/api/v1/halls/${hall}/tickets`,
    remoteAddress: o.ip ?? '203.0.113.10',
    headers: {
      'content-type': 'application/json',
      ...(o.token && { authorization: `Bearer ${o.token}` }),
      ...(o.xff && { 'x-forwarded-for': o.xff }),
    },
    payload: '{"service":"A"}',
  })

t.test('10,000 public requests get no more than the quotas; the kiosk is not affected', async (t) => {
  const { s, hall } = await server(t)
  const mint = await s.app.inject({
    method: 'POST',
    url: '/api/v1/tokens',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ role: 'device', hall, device: 'kiosk-1' }),
  })
  const kiosk = mint.json().secret as string
  const counts = { oneAddress: 0, spoofed: 0, manyAddresses: 0, kiosk: 0, kioskAsked: 0, limited: 0, other: 0 }
  const tally = (key: keyof typeof counts, status: number) => {
    if (status === 201) counts[key]++
    else if (status === 429) counts.limited++
    else counts.other++
  }
  for (let i = 0; i < 10_000; i++) {
    // One phone hammering, the same phone lying about its address, then a botnet of addresses.
    if (i < 3000) tally('oneAddress', (await issue(s.app, hall)).statusCode)
    else if (i < 6000) tally('spoofed', (await issue(s.app, hall, { xff: `198.51.100.${i % 250}` })).statusCode)
    else
      tally(
        'manyAddresses',
        (await issue(s.app, hall, { ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` })).statusCode,
      )
    if (i % 200 === 0) {
      counts.kioskAsked++
      const k = await issue(s.app, hall, { token: kiosk, ip: '203.0.113.10' })
      if (k.statusCode === 201) counts.kiosk++
    }
  }
  t.equal(counts.other, 0, 'every refusal is a 429')
  t.ok(counts.oneAddress <= 10, `one address: ${counts.oneAddress} tickets (limit 10 a minute)`)
  t.equal(counts.spoofed, 0, 'X-Forwarded-For is not trusted without TRUST_PROXY: same client, no more tickets')
  t.ok(
    counts.oneAddress + counts.manyAddresses <= 600,
    `the hall: ${counts.oneAddress + counts.manyAddresses} public tickets (limit 600 a minute)`,
  )
  t.equal(counts.kiosk, counts.kioskAsked, `the kiosk got all ${counts.kioskAsked} tickets it asked for`)
  const issued = (await s.store.eventsSince(hall, 0, 100_000)).filter((e) => e.type === 'ticket.issued').length
  t.equal(issued, counts.oneAddress + counts.manyAddresses + counts.kiosk, 'the store issued exactly those')
  await record('public-flood', { requests: 10_000, ...counts })
})

t.test('security headers on pages and API answers', async (t) => {
  const { s, hall } = await server(t)
  const api = await s.app.inject({ method: 'GET', url: `/api/v1/halls/${hall}/public` })
  t.equal(api.statusCode, 200)
  const page = await s.app.inject({ method: 'GET', url: '/board.html' })
  t.equal(page.statusCode, 200)
  const error = await s.app.inject({ method: 'GET', url: '/api/v1/nothing-here' })
  for (const [what, res] of [
    ['API answer', api],
    ['page', page],
    ['error answer', error],
  ] as const) {
    t.equal(res.headers['x-content-type-options'], 'nosniff', `${what}: nosniff`)
    t.equal(res.headers['referrer-policy'], 'no-referrer', `${what}: no referrer (tokens travel in page addresses)`)
    t.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/, `${what}: never framed`)
  }
  t.match(String(page.headers['content-security-policy']), /script-src 'self'/, 'pages load only their own scripts')
  for (const res of [api, error])
    t.equal(res.headers['cache-control'], 'no-store', 'API answers are not cached (ticket ids are credentials)')
})

t.test('no hard-coded secrets in the code, pages or configuration', async (t) => {
  const files = execFileSync(
    'git',
    ['ls-files', 'src', 'firmware-bridge', 'displays', 'config', 'migrations', 'bench', '.ci'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  )
    .split('\n')
    .filter((f) => /\.(ts|js|mjs|json|ya?ml|html|sh|env|conf)$|^\.ci\//.test(f))
  const patterns: [string, RegExp][] = [
    ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
    ['AWS key', /\bAKIA[0-9A-Z]{16}\b/],
    ['assigned secret', /(secret|password|passwd|token|api[_-]?key)\w*['"]?\s*[:=]\s*['"][A-Za-z0-9+/_=-]{20,}['"]/i],
    ['URL with a password', /\b[a-z]+:\/\/[^/\s:@'"]+:[^/\s@'"]{6,}@/i],
  ]
  // The patterns do catch what they are for (so an empty result means something).
  t.ok(patterns[2]![1].test(`const apiToken = '${'x1Y2'.repeat(6)}'`), 'a planted token is found')
  t.ok(patterns[3]![1].test('postgres://app:hunter22@db:5432/qms'), 'a planted password URL is found')
  const hits: string[] = []
  for (const f of files) {
    const text = readFileSync(`${ROOT}${f}`, 'utf8')
    for (const [what, re] of patterns) if (re.test(text)) hits.push(`${f}: ${what}`)
  }
  t.ok(files.length > 100, `${files.length} files scanned`)
  t.same(hits, [], 'secrets come from the environment only')
})

t.test('tokens: only their hash is stored; revocation and expiry take effect at once', async (t) => {
  const pgUrl = await freshPostgresUrlForTests(t)
  if (!pgUrl) return
  let clock = Date.now()
  const { s, hall } = await server(t, { DATABASE_URL: pgUrl }, () => clock)
  const as = (token: string, method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown) =>
    s.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { payload: JSON.stringify(body) }),
    })
  const minted = (await as(ADMIN, 'POST', '/api/v1/tokens', { role: 'display', hall })).json()
  const short = (await as(ADMIN, 'POST', '/api/v1/tokens', { role: 'display', hall, expiresInSeconds: 60 })).json()
  const state = `/api/v1/halls/${hall}/state`
  t.equal((await as(minted.secret, 'GET', state)).statusCode, 200, 'a fresh token works')
  t.equal((await as(short.secret, 'GET', state)).statusCode, 200, 'so does the short one, for now')

  const db = new pg.Client({ connectionString: pgUrl })
  await db.connect()
  t.teardown(() => db.end())
  const dump = JSON.stringify((await db.query('select * from api_tokens')).rows)
  t.notOk(dump.includes(minted.secret) || dump.includes(short.secret), 'no secret in the token table')
  t.ok(dump.includes(createHash('sha256').update(minted.secret).digest('hex')), 'its sha256 is')
  const listed = (await as(ADMIN, 'GET', '/api/v1/tokens')).body
  t.notOk(listed.includes(minted.secret), 'the token list shows no secret')

  t.equal((await as(ADMIN, 'DELETE', `/api/v1/tokens/${minted.token.id}`)).statusCode, 200)
  t.equal((await as(minted.secret, 'GET', state)).statusCode, 401, 'revoked: refused at once')
  clock += 61_000
  t.equal((await as(short.secret, 'GET', state)).statusCode, 401, 'expired after its 60 s: refused')
})
