// Evaluations (one per ticket) and their follow-up cases with notes.
import type { Kysely } from 'kysely'
import { QmsError } from '../../domain/errors.ts'
import type { Database } from '../schema.ts'
import type { EvaluationRow, FollowUpCaseRow, FollowUpNoteRow } from '../tables/evaluations.table.ts'

export interface NewEvaluation {
  hall: string
  ticket: string
  businessDate: string
  number: string
  service: string
  window: string | null
  grade: number
  reasons: string[]
  comment: string | null
  channel: string
  raterTokenId: string | null
  deviceId: string | null
  finishedAt: number
  ratedAt: number
}

export interface NewCase {
  id: string
  owner: string | null
  dueDate: string
  dueAt: number
}

const isUniqueViolation = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505'

/** Stores a rating, and its follow-up case when one is given, in one transaction. A second rating
 *  of the same ticket fails with QMS_ERR_ALREADY_RATED (the primary key decides, even under races). */
export async function insertEvaluation(
  db: Kysely<Database>,
  e: NewEvaluation,
  followUp: NewCase | null,
): Promise<{ evaluation: EvaluationRow; case: FollowUpCaseRow | null }> {
  try {
    return await db.transaction().execute(async (trx) => {
      const evaluation = await trx
        .insertInto('evaluations')
        .values({
          hall_id: e.hall,
          ticket_id: e.ticket,
          business_date: e.businessDate,
          number: e.number,
          service_id: e.service,
          window_id: e.window,
          grade: e.grade,
          reasons: JSON.stringify(e.reasons),
          comment: e.comment,
          channel: e.channel,
          rater_token_id: e.raterTokenId,
          device_id: e.deviceId,
          finished_at: new Date(e.finishedAt),
          rated_at: new Date(e.ratedAt),
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      if (followUp === null) return { evaluation, case: null }
      const opened = new Date(e.ratedAt)
      const row = await trx
        .insertInto('follow_up_cases')
        .values({
          id: followUp.id,
          hall_id: e.hall,
          ticket_id: e.ticket,
          business_date: e.businessDate,
          number: e.number,
          service_id: e.service,
          window_id: e.window,
          grade: e.grade,
          status: 'open',
          owner: followUp.owner,
          opened_at: opened,
          due_date: followUp.dueDate,
          due_at: new Date(followUp.dueAt),
          closed_at: null,
          resolution: null,
          updated_at: opened,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      await trx
        .insertInto('follow_up_notes')
        .values({ case_id: followUp.id, at: opened, token_id: null, from_status: null, to_status: 'open', text: null })
        .execute()
      return { evaluation, case: row }
    })
  } catch (err) {
    if (isUniqueViolation(err))
      throw new QmsError('QMS_ERR_ALREADY_RATED', '该服务已评价 / this service has been rated already', {
        ticket: e.ticket,
      })
    throw err
  }
}

export async function getEvaluation(db: Kysely<Database>, hall: string, ticket: string): Promise<EvaluationRow | null> {
  const row = await db
    .selectFrom('evaluations')
    .selectAll()
    .where('hall_id', '=', hall)
    .where('ticket_id', '=', ticket)
    .executeTakeFirst()
  return row ?? null
}

export async function getCase(db: Kysely<Database>, hall: string, id: string): Promise<FollowUpCaseRow | null> {
  const row = await db
    .selectFrom('follow_up_cases')
    .selectAll()
    .where('hall_id', '=', hall)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ?? null
}

export interface CaseQuery {
  halls: string[]
  status?: string
  /** Only cases not final and past their deadline at this instant. */
  overdueAt?: number
  from?: string
  to?: string
  limit?: number
}

export async function listCases(db: Kysely<Database>, q: CaseQuery): Promise<FollowUpCaseRow[]> {
  if (q.halls.length === 0) return []
  let query = db.selectFrom('follow_up_cases').selectAll().where('hall_id', 'in', q.halls)
  if (q.status) query = query.where('status', '=', q.status)
  if (q.overdueAt !== undefined)
    query = query.where('closed_at', 'is', null).where('due_at', '<', new Date(q.overdueAt))
  if (q.from) query = query.where('business_date', '>=', q.from)
  if (q.to) query = query.where('business_date', '<=', q.to)
  return query
    .orderBy('due_at')
    .orderBy('id')
    .limit(Math.min(q.limit ?? 200, 1000))
    .execute()
}

export interface CaseChange {
  status?: string
  owner?: string | null
  closedAt?: number | null
  resolution?: string | null
  note: { at: number; tokenId: string | null; from: string | null; to: string | null; text: string | null }
}

/** Applies a change if the case is still in `expectedStatus` (a concurrent move loses with 409). */
export async function changeCase(
  db: Kysely<Database>,
  hall: string,
  id: string,
  expectedStatus: string,
  change: CaseChange,
): Promise<FollowUpCaseRow> {
  return db.transaction().execute(async (trx) => {
    const at = new Date(change.note.at)
    const row = await trx
      .updateTable('follow_up_cases')
      .set({
        ...(change.status !== undefined && { status: change.status }),
        ...(change.owner !== undefined && { owner: change.owner }),
        ...(change.closedAt !== undefined && {
          closed_at: change.closedAt === null ? null : new Date(change.closedAt),
        }),
        ...(change.resolution !== undefined && { resolution: change.resolution }),
        updated_at: at,
      })
      .where('hall_id', '=', hall)
      .where('id', '=', id)
      .where('status', '=', expectedStatus)
      .returningAll()
      .executeTakeFirst()
    if (!row) throw new QmsError('QMS_ERR_INVALID_TRANSITION', 'the case changed meanwhile; reload it', { case: id })
    const n = change.note
    await trx
      .insertInto('follow_up_notes')
      .values({ case_id: id, at, token_id: n.tokenId, from_status: n.from, to_status: n.to, text: n.text })
      .execute()
    return row
  })
}

export async function caseNotes(db: Kysely<Database>, id: string): Promise<FollowUpNoteRow[]> {
  return db.selectFrom('follow_up_notes').selectAll().where('case_id', '=', id).orderBy('id').execute()
}
