// API tokens in Postgres, behind the TokenStore port. Only sha256(secret) is stored.
import type { Kysely } from 'kysely'
import type { Role } from '../../auth/principal.ts'
import type { TokenRecord, TokenStore } from '../../auth/token-store.ts'
import type { Database } from '../schema.ts'
import type { ApiTokenRow } from '../tables/api-tokens.table.ts'

const ms = (d: Date | null): number | null => (d === null ? null : d.getTime())

function toRecord(r: ApiTokenRow): TokenRecord {
  const record: TokenRecord = {
    id: r.id,
    hash: r.hash,
    role: r.role as Role,
    halls: r.halls,
    createdAt: r.created_at.getTime(),
    expiresAt: ms(r.expires_at),
    revokedAt: ms(r.revoked_at),
  }
  if (r.windows) record.windows = r.windows
  if (r.device) record.device = r.device
  if (r.label) record.label = r.label
  return record
}

export class PgTokenStore implements TokenStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Creates the token, or replaces the record with the same id (e.g. a re-scoped token). */
  async put(t: TokenRecord): Promise<void> {
    const row = {
      id: t.id,
      hash: t.hash,
      role: t.role,
      halls: JSON.stringify(t.halls),
      windows: t.windows ? JSON.stringify(t.windows) : null,
      device: t.device ?? null,
      label: t.label ?? null,
      created_at: new Date(t.createdAt),
      expires_at: t.expiresAt === null ? null : new Date(t.expiresAt),
      revoked_at: t.revokedAt === null ? null : new Date(t.revokedAt),
    }
    await this.db
      .insertInto('api_tokens')
      .values(row)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          hash: eb.ref('excluded.hash'),
          role: eb.ref('excluded.role'),
          halls: eb.ref('excluded.halls'),
          windows: eb.ref('excluded.windows'),
          device: eb.ref('excluded.device'),
          label: eb.ref('excluded.label'),
          expires_at: eb.ref('excluded.expires_at'),
          revoked_at: eb.ref('excluded.revoked_at'),
        })),
      )
      .execute()
  }

  async findByHash(hash: string): Promise<TokenRecord | null> {
    const row = await this.db.selectFrom('api_tokens').selectAll().where('hash', '=', hash).executeTakeFirst()
    return row ? toRecord(row) : null
  }

  async get(id: string): Promise<TokenRecord | null> {
    const row = await this.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst()
    return row ? toRecord(row) : null
  }

  async list(): Promise<TokenRecord[]> {
    const rows = await this.db.selectFrom('api_tokens').selectAll().orderBy('created_at').orderBy('id').execute()
    return rows.map(toRecord)
  }

  /** Marks the token revoked; false when it does not exist or was already revoked. */
  async revoke(id: string, at: number): Promise<boolean> {
    const r = await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: new Date(at) })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    return r.numUpdatedRows > 0n
  }

  /** The database belongs to whoever created it (it is shared with the archiver and history). */
  async close(): Promise<void> {}
}
