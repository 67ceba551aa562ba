// A per-instance cache in front of a shared TokenStore (Redis), so that an authenticated request
// does not pay two Redis round trips before its real work (docs/decisions/0006). A token found is
// reused for `ttlMs`; concurrent lookups of one token share a single read. Changes made through
// this instance (put, revoke) drop the entry at once; a revocation made through another instance
// is seen here within `ttlMs`, the same bound as the hall document cache.
import type { TokenRecord, TokenStore } from './token-store.ts'

export const DEFAULT_TOKEN_CACHE_MS = 2000
const MAX_ENTRIES = 10_000

interface Entry {
  record: TokenRecord
  expires: number
}

export class CachedTokenStore implements TokenStore {
  private readonly byHash = new Map<string, Entry>()
  private readonly pending = new Map<string, Promise<TokenRecord | null>>()
  /** Bumped by every change made here: a read that started before it must not be cached. */
  private generation = 0

  constructor(
    private readonly inner: TokenStore,
    private readonly ttlMs: number = DEFAULT_TOKEN_CACHE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async findByHash(hash: string): Promise<TokenRecord | null> {
    const hit = this.byHash.get(hash)
    if (hit && hit.expires > this.now()) return hit.record
    let read = this.pending.get(hash)
    if (!read) {
      read = this.read(hash).finally(() => this.pending.delete(hash))
      this.pending.set(hash, read)
    }
    return read
  }

  async put(record: TokenRecord): Promise<void> {
    this.forget(record.id)
    await this.inner.put(record)
    this.forget(record.id)
  }

  async revoke(id: string, at: number): Promise<boolean> {
    this.forget(id)
    const done = await this.inner.revoke(id, at)
    this.forget(id)
    return done
  }

  get(id: string): Promise<TokenRecord | null> {
    return this.inner.get(id)
  }

  list(): Promise<TokenRecord[]> {
    return this.inner.list()
  }

  close(): Promise<void> {
    return this.inner.close()
  }

  private async read(hash: string): Promise<TokenRecord | null> {
    const started = this.now()
    const generation = this.generation
    const record = await this.inner.findByHash(hash)
    // Unknown tokens are not cached: a token minted elsewhere works as soon as it exists. A read
    // that overlapped a put or revoke here answers its caller but is not kept.
    if (record === null || generation !== this.generation) return record
    if (this.byHash.size >= MAX_ENTRIES) this.byHash.delete(this.byHash.keys().next().value!)
    this.byHash.set(hash, { record, expires: started + this.ttlMs })
    return record
  }

  private forget(id: string): void {
    this.generation++
    this.pending.clear()
    for (const [hash, e] of this.byHash) if (e.record.id === id) this.byHash.delete(hash)
  }
}
