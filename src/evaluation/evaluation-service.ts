// Taking a rating: find the rated ticket (live store first, then the archive), apply the rating
// rules, store it, and open a follow-up case for a bad grade with its working-day deadline.
import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import { epochOf } from '../appointments/zoned-time.ts'
import type { Principal } from '../auth/principal.ts'
import type { HallDocument } from '../config/hall-document.ts'
import { insertEvaluation, type NewCase } from '../db/repos/evaluations.ts'
import type { Database } from '../db/schema.ts'
import type { EvaluationRow, FollowUpCaseRow } from '../db/tables/evaluations.table.ts'
import { addDays, businessDate } from '../domain/calendar.ts'
import { QmsError } from '../domain/errors.ts'
import type { QueueStore } from '../store/port.ts'
import { checkRating, checkRatingTime, isBadGrade, raterChannel, type RatingInput } from './rating-rules.ts'
import { evaluationSettings } from './settings.ts'
import { addWorkingDays } from './working-days.ts'

/** What a rating needs to know of the ticket it rates. */
export interface RatedTicket {
  id: string
  number: string
  service: string
  window: string | null
  status: string
  finishedAt: number | null
  date: string
}

export interface EvaluationDeps {
  db: Kysely<Database>
  store: QueueStore
  loadDocument: (hall: string) => Promise<HallDocument>
  now: () => number
}

export interface RatingResult {
  evaluation: EvaluationRow
  case: FollowUpCaseRow | null
}

export const newCaseId = (): string => randomBytes(9).toString('base64url')

/** The deadline of a case opened at `openedAt`: the end (local midnight) of its last working day. */
export function caseDeadline(
  doc: HallDocument,
  openedAt: number,
  workingDays: number,
): { dueDate: string; dueAt: number } {
  const dueDate = addWorkingDays(doc.hours, businessDate(doc.timezone, openedAt), workingDays)
  return { dueDate, dueAt: epochOf(doc.timezone, addDays(dueDate, 1), 0) }
}

export class EvaluationService {
  constructor(private readonly deps: EvaluationDeps) {}

  async rate(hall: string, ticketId: string, input: RatingInput, p: Principal | null): Promise<RatingResult> {
    const doc = await this.deps.loadDocument(hall)
    const settings = evaluationSettings(doc)
    const ticket = await this.findTicket(hall, ticketId)
    const channel = raterChannel(p, hall, ticket.window, doc.devices)
    const rating = checkRating(input, settings)
    const now = this.deps.now()
    const finishedAt = checkRatingTime(ticket, now, settings)
    const followUp: NewCase | null = isBadGrade(rating.grade)
      ? { id: newCaseId(), owner: settings.caseOwner, ...caseDeadline(doc, now, settings.followUpWorkingDays) }
      : null
    return insertEvaluation(
      this.deps.db,
      {
        hall,
        ticket: ticket.id,
        businessDate: ticket.date,
        number: ticket.number,
        service: ticket.service,
        window: ticket.window,
        ...rating,
        channel,
        raterTokenId: p?.tokenId ?? null,
        deviceId: p?.device ?? null,
        finishedAt,
        ratedAt: now,
      },
      followUp,
    )
  }

  /** The live store holds today's tickets; older ones are read from the archive. */
  async findTicket(hall: string, id: string): Promise<RatedTicket> {
    const live = await this.deps.store.getTicket(hall, id)
    if (live) return { ...live }
    const row = await this.deps.db
      .selectFrom('tickets')
      .select(['id', 'number', 'service_id', 'window_id', 'status', 'finished_at', 'business_date'])
      .where('hall_id', '=', hall)
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row) throw new QmsError('QMS_ERR_TICKET_NOT_FOUND', 'ticket not found', { ticket: id })
    return {
      id: row.id,
      number: row.number,
      service: row.service_id,
      window: row.window_id,
      status: row.status,
      finishedAt: row.finished_at?.getTime() ?? null,
      date: row.business_date,
    }
  }
}
