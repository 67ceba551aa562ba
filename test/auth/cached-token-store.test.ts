// The per-instance token cache (src/auth/cached-token-store.ts) over a real store: reads once per
// TTL, shares concurrent reads, forgets at once what changes through it, sees another instance's
// revocation within the TTL, and never caches an unknown token.
import t from 'tap'
import { hashSecret, resolvePrincipal } from '../../src/auth/authenticate.ts'
import { CachedTokenStore } from '../../src/auth/cached-token-store.ts'
import { MemoryTokenStore } from '../../src/auth/memory-token-store.ts'
import type { TokenRecord } from '../../src/auth/token-store.ts'

/** The shared store behind two instances' caches, counting the lookups that reach it. */
class SharedStore extends MemoryTokenStore {
  lookups = 0
  override async findByHash(hash: string): Promise<TokenRecord | null> {
    this.lookups++
    return super.findByHash(hash)
  }
}

const record = (secret: string, over: Partial<TokenRecord> = {}): TokenRecord => ({
  id: `tok_${secret}`,
  hash: hashSecret(secret),
  role: 'clerk',
  halls: ['h1'],
  createdAt: 0,
  expiresAt: null,
  revokedAt: null,
  ...over,
})

function setup(ttlMs = 2000) {
  const shared = new SharedStore()
  let now = 1_000_000
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) }
  return {
    shared,
    clock,
    a: new CachedTokenStore(shared, ttlMs, clock.now),
    b: new CachedTokenStore(shared, ttlMs, clock.now),
  }
}

t.test('a known token is read once per TTL', async (t) => {
  const { shared, clock, a } = setup()
  await shared.put(record('s1'))
  t.equal((await a.findByHash(hashSecret('s1')))?.id, 'tok_s1')
  t.equal((await a.findByHash(hashSecret('s1')))?.id, 'tok_s1')
  t.equal(shared.lookups, 1, 'second lookup from the cache')
  clock.advance(2001)
  await a.findByHash(hashSecret('s1'))
  t.equal(shared.lookups, 2, 'read again after the TTL')
})

t.test('concurrent lookups of one token share a single read', async (t) => {
  const { shared, a } = setup()
  await shared.put(record('s1'))
  const got = await Promise.all(Array.from({ length: 20 }, () => a.findByHash(hashSecret('s1'))))
  t.ok(got.every((r) => r?.id === 'tok_s1'))
  t.equal(shared.lookups, 1)
})

t.test('an unknown token is not cached: once minted (anywhere) it works at once', async (t) => {
  const { a, b } = setup()
  t.equal(await a.findByHash(hashSecret('later')), null)
  await b.put(record('later'))
  t.equal((await a.findByHash(hashSecret('later')))?.id, 'tok_later')
})

t.test('a revocation through this instance takes effect at once', async (t) => {
  const { a } = setup()
  await a.put(record('s1'))
  t.not(await resolvePrincipal(a, undefined, 's1', 5), null)
  t.equal(await a.revoke('tok_s1', 10), true)
  t.equal(await resolvePrincipal(a, undefined, 's1', 11), null, 'refused right after revoking')
})

t.test('a revocation through another instance is seen within the TTL', async (t) => {
  const { clock, a, b } = setup()
  await a.put(record('s1'))
  t.not(await resolvePrincipal(a, undefined, 's1', 5), null, 'cached on instance a')
  await b.revoke('tok_s1', 10)
  t.not(await resolvePrincipal(a, undefined, 's1', 11), null, 'still cached on a (bounded staleness)')
  clock.advance(2001)
  t.equal(await resolvePrincipal(a, undefined, 's1', 12), null, 'refused once the entry expired')
})

t.test('a read that overlaps a revocation here is not kept', async (t) => {
  const { shared, a } = setup()
  await shared.put(record('s1'))
  const inFlight = a.findByHash(hashSecret('s1')) // starts before the revocation
  await a.revoke('tok_s1', 10)
  t.equal((await inFlight)?.id, 'tok_s1')
  t.equal((await a.findByHash(hashSecret('s1')))?.revokedAt, 10, 'the next lookup reads the revoked record')
})

t.test('rotating a secret through this instance retires the old one at once', async (t) => {
  const { a } = setup()
  await a.put(record('old', { id: 'tok_x' }))
  t.equal((await a.findByHash(hashSecret('old')))?.id, 'tok_x')
  await a.put(record('new', { id: 'tok_x' }))
  t.equal(await a.findByHash(hashSecret('old')), null)
  t.equal((await a.findByHash(hashSecret('new')))?.id, 'tok_x')
})

t.test('expiry is still checked against the clock on every request', async (t) => {
  const { a } = setup(60_000)
  await a.put(record('s1', { expiresAt: 100 }))
  t.not(await resolvePrincipal(a, undefined, 's1', 99), null)
  t.equal(await resolvePrincipal(a, undefined, 's1', 100), null)
})
