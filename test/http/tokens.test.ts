// Token routes (mint, list, revoke, expiry) over both backends, and the TokenStore contract run
// against the memory and Redis implementations.
import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import t from 'tap'
import type { Test } from 'tap'
import { hashSecret } from '../../src/auth/authenticate.ts'
import { MemoryTokenStore } from '../../src/auth/memory-token-store.ts'
import { RedisTokenStore } from '../../src/auth/redis-token-store.ts'
import type { Role } from '../../src/auth/principal.ts'
import type { TokenRecord, TokenStore } from '../../src/auth/token-store.ts'
import { redisUrlForTests } from '../helpers/services.ts'
import { ADMIN, assertError, harness } from './fixtures/app.ts'
import { forEachBackend } from './fixtures/backends.ts'

forEachBackend(t, async (t, backend) => {
  t.test('admin mints a clerk token; the secret works once shown and is never listed', async (t) => {
    const h = await harness(t, backend)
    await h.setupHall()
    const r = await h.req('POST', '/api/v1/tokens', {
      body: { role: 'clerk', hall: h.hall, windows: ['W1'], label: '张三 1号窗口', expiresInSeconds: 3600 },
    })
    t.equal(r.statusCode, 201)
    const { token, secret } = r.json()
    t.match(token, {
      role: 'clerk',
      halls: [h.hall],
      windows: ['W1'],
      label: '张三 1号窗口',
      createdAt: '2025-03-03T02:00:00.000Z',
      expiresAt: '2025-03-03T03:00:00.000Z',
      revokedAt: null,
    })
    t.match(secret, /^qms_[A-Za-z0-9_-]{43}$/)
    const stored = await h.tokens.get(token.id)
    t.equal(stored?.hash, hashSecret(secret), 'only the hash is stored')
    t.notOk(JSON.stringify(stored).includes(secret))

    t.equal((await h.req('POST', `/api/v1/halls/${h.hall}/windows/W1/call-next`, { token: secret })).statusCode, 204)
    assertError(
      t,
      await h.req('POST', `/api/v1/halls/${h.hall}/windows/W2/call-next`, { token: secret }),
      403,
      'QMS_ERR_FORBIDDEN',
    )

    const list = await h.req('GET', '/api/v1/tokens')
    t.equal(list.statusCode, 200)
    t.ok(list.json().tokens.some((x: { id: string }) => x.id === token.id))
    t.notOk(list.body.includes(secret), 'secrets never appear in lists')
    t.notOk(list.body.includes(stored!.hash), 'nor hashes')

    h.clock.now += 3601_000
    assertError(t, await h.req('GET', `/api/v1/halls/${h.hall}/state`, { token: secret }), 401, 'QMS_ERR_UNAUTHORIZED')
  })

  t.test('revocation takes effect at once; revoking twice keeps the first time', async (t) => {
    const h = await harness(t, backend)
    await h.setupHall()
    const { token, secret } = (
      await h.req('POST', '/api/v1/tokens', { body: { role: 'display', hall: h.hall } })
    ).json()
    t.equal((await h.req('GET', `/api/v1/halls/${h.hall}/state`, { token: secret })).statusCode, 200)
    const del = await h.req('DELETE', `/api/v1/tokens/${token.id}`)
    t.equal(del.statusCode, 200)
    t.equal(del.json().token.revokedAt, '2025-03-03T02:00:00.000Z')
    assertError(t, await h.req('GET', `/api/v1/halls/${h.hall}/state`, { token: secret }), 401, 'QMS_ERR_UNAUTHORIZED')
    h.clock.now += 60_000
    t.equal((await h.req('DELETE', `/api/v1/tokens/${token.id}`)).json().token.revokedAt, '2025-03-03T02:00:00.000Z')
    assertError(t, await h.req('DELETE', '/api/v1/tokens/tok_nope'), 404, 'QMS_ERR_NOT_FOUND')
  })

  t.test('managers mint and revoke staff tokens of their own halls only', async (t) => {
    const h = await harness(t, backend)
    await h.setupHall()
    const manager = await h.token('manager', [h.hall])
    const mint = (body: unknown) => h.req('POST', '/api/v1/tokens', { token: manager, body })
    t.equal((await mint({ role: 'clerk', hall: h.hall, windows: ['W3'] })).statusCode, 201)
    t.equal((await mint({ role: 'display', hall: h.hall })).statusCode, 201)
    const kiosk = await mint({ role: 'device', hall: h.hall, device: 'kiosk-2' })
    t.equal(kiosk.statusCode, 201)
    assertError(t, await mint({ role: 'clerk', hall: 'other-hall', windows: ['W1'] }), 403, 'QMS_ERR_FORBIDDEN')
    assertError(t, await mint({ role: 'manager', halls: [h.hall] }), 403, 'QMS_ERR_FORBIDDEN')
    assertError(t, await mint({ role: 'admin' }), 403, 'QMS_ERR_FORBIDDEN')

    // The admin's own tokens (e.g. another hall's clerk) are invisible to this manager.
    const foreign = (
      await h.req('POST', '/api/v1/tokens', { body: { role: 'clerk', hall: 'other-hall', windows: ['W1'] } })
    ).json().token
    const listed = (await h.req('GET', '/api/v1/tokens', { token: manager })).json().tokens as {
      id: string
      halls: string[]
    }[]
    t.equal(listed.length, 3)
    t.ok(listed.every((x) => x.halls.length === 1 && x.halls[0] === h.hall))
    assertError(t, await h.req('DELETE', `/api/v1/tokens/${foreign.id}`, { token: manager }), 403, 'QMS_ERR_FORBIDDEN')
    t.equal((await h.req('DELETE', `/api/v1/tokens/${kiosk.json().token.id}`, { token: manager })).statusCode, 200)
  })

  t.test('clerks, devices and displays cannot touch tokens', async (t) => {
    const h = await harness(t, backend)
    const cases: [Role, Partial<TokenRecord>][] = [
      ['clerk', { windows: ['W1'] }],
      ['device', { device: 'k' }],
      ['display', {}],
    ]
    for (const [role, extra] of cases) {
      const secret = await h.token(role, [h.hall], extra)
      assertError(t, await h.req('GET', '/api/v1/tokens', { token: secret }), 403, 'QMS_ERR_FORBIDDEN')
      assertError(
        t,
        await h.req('POST', '/api/v1/tokens', { token: secret, body: { role: 'display', hall: h.hall } }),
        403,
        'QMS_ERR_FORBIDDEN',
      )
      assertError(t, await h.req('DELETE', '/api/v1/tokens/tok_x', { token: secret }), 403, 'QMS_ERR_FORBIDDEN')
    }
    assertError(t, await h.req('GET', '/api/v1/tokens', { token: null }), 401, 'QMS_ERR_UNAUTHORIZED')
  })

  t.test('token bodies are validated', async (t) => {
    const h = await harness(t, backend)
    const bad: unknown[] = [
      { role: 'root' },
      { role: 'clerk', hall: 'h1' },
      { role: 'clerk', hall: 'h1', windows: ['W1'], extra: true },
      { role: 'display', hall: '../etc' },
      { role: 'device', hall: 'h1' },
      { role: 'manager', halls: [] },
      { role: 'display', hall: 'h1', expiresInSeconds: 5 },
    ]
    for (const body of bad) assertError(t, await h.req('POST', '/api/v1/tokens', { body }), 400, 'QMS_ERR_VALIDATION')
    t.same(await h.tokens.list(), [], 'nothing stored')
  })

  t.test('the bootstrap admin token comes from the environment only', async (t) => {
    const h = await harness(t, backend, { adminToken: undefined })
    assertError(t, await h.req('GET', '/api/v1/tokens', { token: ADMIN }), 401, 'QMS_ERR_UNAUTHORIZED')
  })
})

/** The TokenStore port, for every implementation. */
async function tokenStoreContract(t: Test, make: () => Promise<TokenStore>): Promise<void> {
  const record = (over: Partial<TokenRecord> = {}): TokenRecord => ({
    id: `tok_${randomUUID().slice(0, 8)}`,
    hash: hashSecret(randomUUID()),
    role: 'clerk',
    halls: ['h1'],
    windows: [],
    createdAt: 1000,
    expiresAt: null,
    revokedAt: null,
    ...over,
  })
  const s = await make()
  t.teardown(() => s.close())
  const a = record({ label: 'a', windows: ['W1'], createdAt: 1 })
  const b = record({ role: 'admin', halls: '*', createdAt: 2, windows: undefined })
  await s.put(a)
  await s.put(b)
  t.same(await s.get(a.id), a)
  t.same(await s.findByHash(a.hash), a)
  t.equal(await s.findByHash(hashSecret('nope')), null)
  t.equal(await s.get('tok_missing'), null)
  t.same(
    (await s.list()).map((r) => r.id),
    [a.id, b.id],
    'listed by creation time',
  )
  t.same((await s.get(b.id))?.halls, '*')

  const got = await s.get(a.id)
  got!.label = 'changed outside'
  t.equal((await s.get(a.id))?.label, 'a', 'returned records are copies')

  t.equal(await s.revoke(a.id, 5000), true)
  t.equal(await s.revoke(a.id, 9000), true)
  t.equal((await s.get(a.id))?.revokedAt, 5000, 'the first revocation time stays')
  t.equal((await s.findByHash(a.hash))?.revokedAt, 5000)
  t.equal(await s.revoke('tok_missing', 1), false)

  // Re-putting a record with a new secret retires the old hash.
  const rotated = { ...b, hash: hashSecret('new secret') }
  await s.put(rotated)
  t.equal(await s.findByHash(b.hash), null)
  t.equal((await s.findByHash(rotated.hash))?.id, b.id)
  t.equal((await s.list()).length, 2)
}

t.test('TokenStore contract: memory', (t) => tokenStoreContract(t, async () => new MemoryTokenStore()))

t.test('TokenStore contract: redis', async (t) => {
  const url = await redisUrlForTests(t)
  if (!url) return
  const prefix = `qms-test-${randomUUID().slice(0, 8)}:`
  const redis = new Redis(url)
  t.teardown(async () => {
    const keys = await redis.keys(`${prefix}*`)
    if (keys.length > 0) await redis.unlink(...keys)
    await redis.quit()
  })
  await tokenStoreContract(t, async () => new RedisTokenStore(redis, { prefix }))
  t.ok((await redis.keys(`${prefix}auth:{tokens}:*`)).length >= 3, 'keys live under the prefix, in one hash slot')
})
