// Follow-up cases: moves between states (with a note each), notes, owners, and the overdue alarm.
import type { Kysely } from 'kysely'
import { caseNotes, changeCase, getCase, listCases } from '../db/repos/evaluations.ts'
import type { Database } from '../db/schema.ts'
import type { FollowUpCaseRow, FollowUpNoteRow } from '../db/tables/evaluations.table.ts'
import { QmsError } from '../domain/errors.ts'
import { canMove, isCaseState, isFinal, isOverdue, nextStates, resolutionOf, type CaseState } from './case-states.ts'

export interface CaseView {
  id: string
  hall: string
  ticket: string
  number: string
  businessDate: string
  service: string
  window: string | null
  grade: number
  status: string
  owner: string | null
  openedAt: number
  dueDate: string
  dueAt: number
  closedAt: number | null
  resolution: string | null
  overdue: boolean
  closedOnTime: boolean | null // null while open
  next: string[]
}

export interface NoteView {
  at: number
  tokenId: string | null
  from: string | null
  to: string | null
  text: string | null
}

export function caseView(r: FollowUpCaseRow, now: number): CaseView {
  const dueAt = r.due_at.getTime()
  const closedAt = r.closed_at?.getTime() ?? null
  return {
    id: r.id,
    hall: r.hall_id,
    ticket: r.ticket_id,
    number: r.number,
    businessDate: r.business_date,
    service: r.service_id,
    window: r.window_id,
    grade: r.grade,
    status: r.status,
    owner: r.owner,
    openedAt: r.opened_at.getTime(),
    dueDate: r.due_date,
    dueAt,
    closedAt,
    resolution: r.resolution,
    overdue: isOverdue({ status: r.status, dueAt }, now),
    closedOnTime: closedAt === null ? null : closedAt <= dueAt,
    next: isCaseState(r.status) ? [...nextStates(r.status)] : [],
  }
}

const noteView = (n: FollowUpNoteRow): NoteView => ({
  at: n.at.getTime(),
  tokenId: n.token_id,
  from: n.from_status,
  to: n.to_status,
  text: n.text,
})

export class CaseService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
  ) {}

  async get(hall: string, id: string): Promise<{ case: CaseView; notes: NoteView[] }> {
    const row = await this.#row(hall, id)
    return { case: caseView(row, this.now()), notes: (await caseNotes(this.db, id)).map(noteView) }
  }

  async list(
    halls: string[],
    q: { status?: string; overdue?: boolean; from?: string; to?: string },
  ): Promise<CaseView[]> {
    const now = this.now()
    const rows = await listCases(this.db, {
      halls,
      ...(q.status !== undefined && { status: q.status }),
      ...(q.overdue && { overdueAt: now }),
      ...(q.from !== undefined && { from: q.from }),
      ...(q.to !== undefined && { to: q.to }),
    })
    return rows.map((r) => caseView(r, now))
  }

  /** Moves a case to `to`, recording who and why. Final states set closed_at and the resolution. */
  async move(hall: string, id: string, to: string, by: string | null, text: string | null): Promise<CaseView> {
    const row = await this.#row(hall, id)
    const from = row.status
    if (!isCaseState(to) || !isCaseState(from) || !canMove(from, to))
      throw new QmsError('QMS_ERR_INVALID_TRANSITION', `a case cannot go from ${from} to ${to}`, {
        status: from,
        allowed: isCaseState(from) ? [...nextStates(from)] : [],
      })
    if ((to === 'explained' || to === 'appealed' || to === 'reviewed') && !text)
      throw new QmsError('QMS_ERR_VALIDATION', `body.note: say why the case is ${to}`, { field: 'note' })
    const now = this.now()
    const updated = await changeCase(this.db, hall, id, from, {
      status: to,
      ...(isFinal(to) && { closedAt: now, resolution: resolutionOf(from as CaseState, to) }),
      note: { at: now, tokenId: by, from, to, text },
    })
    return caseView(updated, now)
  }

  async note(hall: string, id: string, by: string | null, text: string, owner?: string | null): Promise<CaseView> {
    const row = await this.#row(hall, id)
    const now = this.now()
    const updated = await changeCase(this.db, hall, id, row.status, {
      ...(owner !== undefined && { owner }),
      note: {
        at: now,
        tokenId: by,
        from: null,
        to: null,
        text: owner !== undefined ? `${text} [owner: ${owner ?? '-'}]` : text,
      },
    })
    return caseView(updated, now)
  }

  async #row(hall: string, id: string): Promise<FollowUpCaseRow> {
    const row = await getCase(this.db, hall, id)
    if (!row) throw new QmsError('QMS_ERR_NOT_FOUND', 'case not found', { case: id })
    return row
  }
}
