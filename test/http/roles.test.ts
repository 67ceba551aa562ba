// Every role/scope rule, table-driven: who may configure, read, issue, operate which window and
// act on which ticket. Each refused call must leave the hall exactly as it was.
import t from 'tap'
import type { Role } from '../../src/auth/principal.ts'
import type { TokenRecord } from '../../src/auth/token-store.ts'
import { assertError, hallDoc, harness, newHall, type Harness } from './fixtures/app.ts'
import { forEachBackend } from './fixtures/backends.ts'

type Who =
  | 'admin'
  | 'manager'
  | 'managerOther'
  | 'clerkW1'
  | 'clerkW3'
  | 'clerkOther'
  | 'deviceW1'
  | 'bridge'
  | 'kiosk'
  | 'display'
  | 'displayOther'
  | 'public'
  | 'bogus'
  | 'revoked'
  | 'expired'

/** Mints one token of each kind for hall `h.hall` (and `other`, a hall they must not reach). */
async function principals(h: Harness, other: string): Promise<Record<Who, string | null>> {
  const mk = (role: Role, halls: string[] | '*', extra: Partial<TokenRecord> = {}) => h.token(role, halls, extra)
  return {
    admin: await mk('admin', '*'),
    manager: await mk('manager', [h.hall]),
    managerOther: await mk('manager', [other]),
    clerkW1: await mk('clerk', [h.hall], { windows: ['W1'] }),
    clerkW3: await mk('clerk', [h.hall], { windows: ['W3'] }),
    clerkOther: await mk('clerk', [other], { windows: ['W1'] }),
    deviceW1: await mk('device', [h.hall], { device: 'keypad-1', windows: ['W1'] }),
    bridge: await mk('device', [h.hall], { device: 'bridge' }),
    kiosk: await mk('device', [h.hall], { device: 'kiosk-1', windows: ['W2'] }),
    display: await mk('display', [h.hall]),
    displayOther: await mk('display', [other]),
    public: null,
    bogus: 'not-a-real-token-at-all',
    revoked: await mk('clerk', [h.hall], { windows: ['W1'], revokedAt: h.clock.now - 1 }),
    expired: await mk('clerk', [h.hall], { windows: ['W1'], expiresAt: h.clock.now - 1 }),
  }
}

/** 2xx = allowed; otherwise the expected status (401 or 403). */
type Expect = Partial<Record<Who, number>>
const UNAUTH: Expect = { public: 401, bogus: 401, revoked: 401, expired: 401 }
const ok = 200

interface Rule {
  name: string
  call: (
    h: Harness,
    ids: { waiting: string; atW1: string },
  ) => { method: 'GET' | 'PUT' | 'POST'; url: string; body?: unknown }
  expect: Expect
}

const RULES: Rule[] = [
  {
    name: 'PUT hall',
    call: (h) => ({ method: 'PUT', url: `/api/v1/halls/${h.hall}`, body: hallDoc() }),
    expect: {
      ...UNAUTH,
      admin: ok,
      manager: ok,
      managerOther: 403,
      clerkW1: 403,
      deviceW1: 403,
      bridge: 403,
      display: 403,
      displayOther: 403,
    },
  },
  {
    name: 'GET hall',
    call: (h) => ({ method: 'GET', url: `/api/v1/halls/${h.hall}` }),
    expect: {
      ...UNAUTH,
      admin: ok,
      manager: ok,
      managerOther: 403,
      clerkW1: ok,
      clerkOther: 403,
      kiosk: ok,
      display: ok,
      displayOther: 403,
    },
  },
  {
    name: 'GET state',
    call: (h) => ({ method: 'GET', url: `/api/v1/halls/${h.hall}/state` }),
    expect: {
      ...UNAUTH,
      admin: ok,
      manager: ok,
      managerOther: 403,
      clerkW3: ok,
      bridge: ok,
      display: ok,
      displayOther: 403,
    },
  },
  {
    name: 'issue a ticket',
    call: (h) => ({ method: 'POST', url: `/api/v1/halls/${h.hall}/tickets`, body: { service: 'A' } }),
    // The public may issue here (publicIssuing defaults to true); a bad token is still 401.
    expect: {
      public: ok,
      bogus: 401,
      revoked: 401,
      expired: 401,
      admin: ok,
      manager: ok,
      managerOther: 403,
      clerkW1: ok,
      clerkOther: 403,
      kiosk: ok,
      bridge: ok,
      display: 403,
      displayOther: 403,
    },
  },
  {
    name: 'read a ticket by id',
    call: (h, ids) => ({ method: 'GET', url: `/api/v1/halls/${h.hall}/tickets/${ids.waiting}` }),
    expect: { public: ok, display: ok, clerkOther: ok, admin: ok },
  },
  {
    name: 'call-next at W1',
    call: (h) => ({ method: 'POST', url: `/api/v1/halls/${h.hall}/windows/W1/call-next` }),
    expect: {
      ...UNAUTH,
      admin: ok,
      manager: ok,
      managerOther: 403,
      clerkW1: ok,
      clerkW3: 403,
      clerkOther: 403,
      deviceW1: ok,
      bridge: ok,
      kiosk: 403,
      display: 403,
    },
  },
  {
    name: 'pause W3',
    call: (h) => ({ method: 'POST', url: `/api/v1/halls/${h.hall}/windows/W3/pause`, body: { reason: 'break' } }),
    expect: {
      ...UNAUTH,
      admin: ok,
      manager: ok,
      managerOther: 403,
      clerkW1: 403,
      clerkW3: ok,
      deviceW1: 403,
      bridge: ok,
      display: 403,
    },
  },
  {
    name: 'recall at W1',
    call: (h) => ({ method: 'POST', url: `/api/v1/halls/${h.hall}/windows/W1/recall` }),
    expect: { ...UNAUTH, admin: ok, manager: ok, clerkW1: ok, clerkW3: 403, deviceW1: ok, display: 403 },
  },
  {
    name: 'start the ticket called at W1',
    call: (h, ids) => ({ method: 'POST', url: `/api/v1/halls/${h.hall}/tickets/${ids.atW1}/start` }),
    expect: {
      ...UNAUTH,
      admin: ok,
      manager: ok,
      managerOther: 403,
      clerkW1: ok,
      clerkW3: 403,
      clerkOther: 403,
      deviceW1: ok,
      bridge: ok,
      kiosk: 403,
      display: 403,
    },
  },
  {
    name: 'cancel a waiting ticket',
    call: (h, ids) => ({ method: 'POST', url: `/api/v1/halls/${h.hall}/tickets/${ids.waiting}/cancel` }),
    expect: {
      ...UNAUTH,
      admin: ok,
      manager: ok,
      managerOther: 403,
      clerkW1: ok,
      clerkW3: ok,
      clerkOther: 403,
      kiosk: ok,
      display: 403,
      displayOther: 403,
    },
  },
  {
    name: 'transfer the ticket at W1 to W3',
    call: (h, ids) => ({
      method: 'POST',
      url: `/api/v1/halls/${h.hall}/tickets/${ids.atW1}/transfer`,
      body: { window: 'W3' },
    }),
    expect: { ...UNAUTH, admin: ok, manager: ok, clerkW1: ok, clerkW3: 403, deviceW1: ok, display: 403 },
  },
]

forEachBackend(t, async (t, backend) => {
  for (const rule of RULES) {
    t.test(rule.name, async (t) => {
      const h = await harness(t, backend)
      for (const [who, expected] of Object.entries(rule.expect) as [Who, number][]) {
        // A fresh hall per case: an allowed call changes state, a refused one must not.
        h.switchHall()
        await h.setupHall(hallDoc(), ['W1', 'W2', 'W3'])
        const atW1 = (await h.req('POST', `/api/v1/halls/${h.hall}/tickets`, { body: { service: 'A' } })).json().id
        await h.req('POST', `/api/v1/halls/${h.hall}/windows/W1/call-next`)
        h.clock.now += 1000
        const waiting = (await h.req('POST', `/api/v1/halls/${h.hall}/tickets`, { body: { service: 'B' } })).json().id
        const tokens = await principals(h, newHall())
        const before = await h.store.eventsSince(h.hall, 0, 1000)

        const c = rule.call(h, { waiting, atW1 })
        const res = await h.req(c.method, c.url, { token: tokens[who], ...(c.body !== undefined && { body: c.body }) })
        if (expected === ok) {
          t.ok(
            res.statusCode >= 200 && res.statusCode < 300,
            `${rule.name}: ${who} allowed (${res.statusCode} ${res.body.slice(0, 120)})`,
          )
        } else {
          assertError(t, res, expected, expected === 401 ? 'QMS_ERR_UNAUTHORIZED' : 'QMS_ERR_FORBIDDEN')
          t.same(await h.store.eventsSince(h.hall, 0, 1000), before, `${rule.name}: ${who} refused, nothing changed`)
        }
      }
    })
  }

  t.test('public issuing can be switched off per hall', async (t) => {
    const h = await harness(t, backend)
    await h.setupHall(hallDoc({ publicIssuing: false }))
    assertError(
      t,
      await h.req('POST', `/api/v1/halls/${h.hall}/tickets`, { body: { service: 'A' }, token: null }),
      401,
      'QMS_ERR_UNAUTHORIZED',
    )
    const kiosk = await h.token('device', [h.hall], { device: 'kiosk-1' })
    t.equal(
      (await h.req('POST', `/api/v1/halls/${h.hall}/tickets`, { body: { service: 'A' }, token: kiosk })).statusCode,
      201,
    )
  })

  t.test('the public may not take priority tickets', async (t) => {
    const h = await harness(t, backend)
    await h.setupHall()
    assertError(
      t,
      await h.req('POST', `/api/v1/halls/${h.hall}/tickets`, { body: { service: 'A', priority: true }, token: null }),
      403,
      'QMS_ERR_FORBIDDEN',
    )
    assertError(
      t,
      await h.req('POST', `/api/v1/halls/${h.hall}/tickets`, {
        body: { service: 'A', priority: 'green' },
        token: null,
      }),
      403,
      'QMS_ERR_FORBIDDEN',
    )
    t.equal(
      (await h.req('POST', `/api/v1/halls/${h.hall}/tickets`, { body: { service: 'A', priority: false }, token: null }))
        .statusCode,
      201,
    )
  })

  t.test('malformed Authorization headers are 401 even on public routes', async (t) => {
    const h = await harness(t, backend)
    await h.setupHall()
    for (const authorization of [
      'Basic dXNlcjpwYXNz',
      'Bearer',
      'Bearer a b',
      `Bearer ${'x'.repeat(300)}`,
      'token abc',
    ]) {
      const r = await h.app.inject({
        method: 'POST',
        url: `/api/v1/halls/${h.hall}/tickets`,
        headers: { authorization, 'content-type': 'application/json' },
        payload: '{"service":"A"}',
      })
      assertError(t, r, 401, 'QMS_ERR_UNAUTHORIZED')
    }
  })
})
