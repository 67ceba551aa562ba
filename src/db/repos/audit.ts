// The audit log: who (token, role, IP) did what to which target, and when.
import type { Kysely } from 'kysely'
import type { Database } from '../schema.ts'
import type { AuditRow } from '../tables/audit-log.table.ts'

export interface AuditEntry {
  tokenId: string | null
  role: string | null
  ip: string | null
  action: string
  target?: string | null
  hall?: string | null
  details?: Record<string, unknown> | null
  at?: Date
}

export async function recordAudit(db: Kysely<Database>, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      token_id: e.tokenId,
      role: e.role,
      ip: e.ip,
      action: e.action,
      target: e.target ?? null,
      hall_id: e.hall ?? null,
      details: e.details ? JSON.stringify(e.details) : null,
      ...(e.at ? { at: e.at } : {}),
    })
    .execute()
}

export interface AuditQuery {
  hall?: string
  tokenId?: string
  since?: Date
  limit?: number // default 100, at most 1000
}

/** Newest first. */
export async function listAudit(db: Kysely<Database>, q: AuditQuery = {}): Promise<AuditRow[]> {
  let query = db.selectFrom('audit_log').selectAll()
  if (q.hall) query = query.where('hall_id', '=', q.hall)
  if (q.tokenId) query = query.where('token_id', '=', q.tokenId)
  if (q.since) query = query.where('at', '>=', q.since)
  return query
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(Math.min(q.limit ?? 100, 1000))
    .execute()
}
