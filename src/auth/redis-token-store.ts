// Tokens in Redis, shared by every core instance. All keys share the `{tokens}` hash tag so the
// multi-key writes stay in one slot on Redis Cluster (and never meet a hall's `qms:{<hall>}:` keys):
//   <prefix>auth:{tokens}:token:<id>    hash: `record` (JSON TokenRecord), `revokedAt` (epoch ms, set once)
//   <prefix>auth:{tokens}:hash:<sha256> token id
//   <prefix>auth:{tokens}:ids           set of token ids
import type { Redis } from 'ioredis'
import type { TokenRecord, TokenStore } from './token-store.ts'

export interface RedisTokenStoreOptions {
  prefix?: string // default 'qms:'
  /** Close the client in close() (true when the store made the connection). */
  ownsClient?: boolean
}

export class RedisTokenStore implements TokenStore {
  private readonly prefix: string
  private readonly ownsClient: boolean

  constructor(
    private readonly redis: Redis,
    options: RedisTokenStoreOptions = {},
  ) {
    this.prefix = `${options.prefix ?? 'qms:'}auth:{tokens}:`
    this.ownsClient = options.ownsClient ?? false
  }

  private key = (kind: 'token' | 'hash', id: string): string => `${this.prefix}${kind}:${id}`
  private get setKey(): string {
    return `${this.prefix}ids`
  }

  async put(record: TokenRecord): Promise<void> {
    const previous = await this.get(record.id)
    const key = this.key('token', record.id)
    const tx = this.redis.multi()
    if (previous && previous.hash !== record.hash) tx.del(this.key('hash', previous.hash))
    tx.del(key)
    tx.hset(key, 'record', JSON.stringify({ ...record, revokedAt: null }))
    if (record.revokedAt !== null) tx.hset(key, 'revokedAt', String(record.revokedAt))
    tx.set(this.key('hash', record.hash), record.id)
    tx.sadd(this.setKey, record.id)
    await tx.exec()
  }

  async findByHash(hash: string): Promise<TokenRecord | null> {
    const id = await this.redis.get(this.key('hash', hash))
    return id === null ? null : this.get(id)
  }

  async get(id: string): Promise<TokenRecord | null> {
    const [record, revokedAt] = await this.redis.hmget(this.key('token', id), 'record', 'revokedAt')
    return record ? withRevocation(record, revokedAt ?? null) : null
  }

  async list(): Promise<TokenRecord[]> {
    const ids = await this.redis.smembers(this.setKey)
    const pipe = this.redis.pipeline()
    for (const id of ids) pipe.hmget(this.key('token', id), 'record', 'revokedAt')
    const rows = (await pipe.exec()) ?? []
    const out: TokenRecord[] = []
    for (const [err, fields] of rows) {
      if (err) throw err
      const [record, revokedAt] = fields as (string | null)[]
      if (record) out.push(withRevocation(record, revokedAt ?? null))
    }
    return out.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
  }

  /** The first revocation time wins (HSETNX): revoking twice keeps the original time. */
  async revoke(id: string, at: number): Promise<boolean> {
    const key = this.key('token', id)
    if ((await this.redis.hexists(key, 'record')) === 0) return false
    await this.redis.hsetnx(key, 'revokedAt', String(at))
    return true
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.redis.quit()
  }
}

function withRevocation(json: string, revokedAt: string | null): TokenRecord {
  const record = JSON.parse(json) as TokenRecord
  record.revokedAt = revokedAt === null ? null : Number(revokedAt)
  return record
}
