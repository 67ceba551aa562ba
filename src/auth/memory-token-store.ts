// Tokens in process memory: the embedded default and the tests' store.
import type { TokenRecord, TokenStore } from './token-store.ts'

const copy = (r: TokenRecord): TokenRecord => structuredClone(r)

export class MemoryTokenStore implements TokenStore {
  private readonly byId = new Map<string, TokenRecord>()
  private readonly idByHash = new Map<string, string>()

  async put(record: TokenRecord): Promise<void> {
    const previous = this.byId.get(record.id)
    if (previous) this.idByHash.delete(previous.hash)
    this.byId.set(record.id, copy(record))
    this.idByHash.set(record.hash, record.id)
  }

  async findByHash(hash: string): Promise<TokenRecord | null> {
    const id = this.idByHash.get(hash)
    const r = id === undefined ? undefined : this.byId.get(id)
    return r ? copy(r) : null
  }

  async get(id: string): Promise<TokenRecord | null> {
    const r = this.byId.get(id)
    return r ? copy(r) : null
  }

  async list(): Promise<TokenRecord[]> {
    return [...this.byId.values()].map(copy).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
  }

  async revoke(id: string, at: number): Promise<boolean> {
    const r = this.byId.get(id)
    if (!r) return false
    if (r.revokedAt === null) r.revokedAt = at
    return true
  }

  async close(): Promise<void> {}
}
