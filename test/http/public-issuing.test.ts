// Public (tokenless) issuing: limited per client IP and hall and per hall in total; token holders
// are not limited; with Redis the counters hold across core instances.
import t from 'tap'
import { buildApp } from '../../src/app.ts'
import { ADMIN, assertError, harness, type Harness } from './fixtures/app.ts'
import { forEachBackend } from './fixtures/backends.ts'

const fromIp = (h: Harness, ip: string, opts: { token?: string; hall?: string } = {}) =>
  h.app.inject({
    method: 'POST',
    url: `/api/v1/halls/${opts.hall ?? h.hall}/tickets`,
    remoteAddress: ip,
    headers: { 'content-type': 'application/json', ...(opts.token && { authorization: `Bearer ${opts.token}` }) },
    payload: JSON.stringify({ service: 'A' }),
  })

forEachBackend(t, async (t, backend) => {
  t.test('per client: the (n+1)th public ticket from one address is 429 and issues nothing', async (t) => {
    const h = await harness(t, backend, { rateLimit: { perClient: 3, perHall: 100, timeWindow: '10 minutes' } })
    await h.setupHall()
    for (let i = 0; i < 3; i++) t.equal((await fromIp(h, '203.0.113.7')).statusCode, 201)
    const before = await h.store.eventsSince(h.hall, 0, 1000)
    const limited = await fromIp(h, '203.0.113.7')
    const body = assertError(t, limited, 429, 'QMS_ERR_RATE_LIMITED')
    t.match(body.message, /请 \d+ 秒后再试.*retry in \d+ s/)
    t.ok(Number(limited.headers['retry-after']) > 0, 'Retry-After is set')
    t.same(await h.store.eventsSince(h.hall, 0, 1000), before, 'nothing was issued')

    t.equal((await fromIp(h, '203.0.113.8')).statusCode, 201, 'another address is not affected')
    const kiosk = await h.token('device', [h.hall], { device: 'kiosk-1' })
    for (let i = 0; i < 5; i++)
      t.equal((await fromIp(h, '203.0.113.7', { token: kiosk })).statusCode, 201, 'token holders are not limited')
    t.equal((await fromIp(h, '203.0.113.7', { token: ADMIN })).statusCode, 201)

    // Counted per hall: the same phone may still take a number in another hall.
    const first = h.hall
    h.switchHall()
    await h.setupHall()
    t.equal((await fromIp(h, '203.0.113.7')).statusCode, 201)
    t.equal((await fromIp(h, '203.0.113.7', { hall: first })).statusCode, 429)
  })

  t.test('IPv6 clients count per /64 prefix', async (t) => {
    const h = await harness(t, backend, { rateLimit: { perClient: 2, perHall: 100, timeWindow: '10 minutes' } })
    await h.setupHall()
    t.equal((await fromIp(h, '2001:db8:1:2::a')).statusCode, 201)
    t.equal((await fromIp(h, '2001:db8:1:2::b')).statusCode, 201)
    assertError(t, await fromIp(h, '2001:db8:1:2:ffff::1'), 429, 'QMS_ERR_RATE_LIMITED')
    t.equal((await fromIp(h, '2001:db8:1:3::a')).statusCode, 201, 'another /64 is another client')
  })

  t.test('per hall: many addresses together are capped too', async (t) => {
    const h = await harness(t, backend, { rateLimit: { perClient: 10, perHall: 4, timeWindow: '10 minutes' } })
    await h.setupHall()
    for (let i = 1; i <= 4; i++) t.equal((await fromIp(h, `198.51.100.${i}`)).statusCode, 201)
    const body = assertError(t, await fromIp(h, '198.51.100.99'), 429, 'QMS_ERR_RATE_LIMITED')
    t.match(body.message, /online tickets for this hall/)
  })

  t.test('refused requests do not count: unknown halls and closed public issuing', async (t) => {
    const h = await harness(t, backend, { rateLimit: { perClient: 2, perHall: 100, timeWindow: '10 minutes' } })
    await h.setupHall()
    for (let i = 0; i < 5; i++)
      assertError(t, await fromIp(h, '192.0.2.1', { hall: 'no-such-hall' }), 404, 'QMS_ERR_HALL_NOT_FOUND')
    t.equal((await fromIp(h, '192.0.2.1')).statusCode, 201)
    t.equal((await fromIp(h, '192.0.2.1')).statusCode, 201)
    assertError(t, await fromIp(h, '192.0.2.1'), 429, 'QMS_ERR_RATE_LIMITED')
  })

  if (backend.name === 'redis') {
    t.test('with Redis the limit holds across core instances', async (t) => {
      const h = await harness(t, backend, { rateLimit: { perClient: 2, perHall: 100, timeWindow: '10 minutes' } })
      await h.setupHall()
      // A second instance on the same stores and the same rate-limit counters.
      const other = await buildApp({
        store: h.store,
        tokens: h.tokens,
        adminToken: ADMIN,
        now: () => h.clock.now,
        rateLimit: { perClient: 2, perHall: 100, timeWindow: '10 minutes', ...h.rateLimitShared },
      })
      t.teardown(() => other.close())
      t.equal((await fromIp(h, '203.0.113.50')).statusCode, 201)
      const viaOther = (ip: string) =>
        other.inject({
          method: 'POST',
          url: `/api/v1/halls/${h.hall}/tickets`,
          remoteAddress: ip,
          headers: { 'content-type': 'application/json' },
          payload: '{"service":"A"}',
        })
      t.equal((await viaOther('203.0.113.50')).statusCode, 201)
      assertError(t, await fromIp(h, '203.0.113.50'), 429, 'QMS_ERR_RATE_LIMITED')
      assertError(t, await viaOther('203.0.113.50'), 429, 'QMS_ERR_RATE_LIMITED')
    })
  }
})
