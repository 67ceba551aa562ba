// Reads of the archive for the history API: tickets of a business date (paged), events after a seq.
import type { Kysely } from 'kysely'
import type { QueueEvent } from '../../domain/types.ts'
import type { Database } from '../schema.ts'
import type { TicketRow } from '../tables/archive.table.ts'

/** One archived ticket as the API shows it (times in epoch ms, like the live API). */
export interface HistoryTicket {
  id: string
  number: string
  service: string
  class: string
  businessDate: string
  status: string
  outcome: string | null
  window: string | null
  rule: string | null
  issuedAt: number | null
  calledAt: number | null
  startedAt: number | null
  finishedAt: number | null
  expiredAt: number | null
  waitSec: number | null // issue → first call
  serviceSec: number | null // start (or call) → finish
  recalls: number
  requeues: number
  transfers: number
  aheadAtIssue: number | null
  etaAtIssueSec: number | null
}

const ms = (d: Date | null): number | null => (d ? d.getTime() : null)
const secs = (from: Date | null, to: Date | null): number | null =>
  from && to ? Math.round((to.getTime() - from.getTime()) / 1000) : null

export function toHistoryTicket(r: TicketRow): HistoryTicket {
  return {
    id: r.id,
    number: r.number,
    service: r.service_id,
    class: r.class,
    businessDate: r.business_date,
    status: r.status,
    outcome: r.outcome,
    window: r.window_id,
    rule: r.rule,
    issuedAt: ms(r.issued_at),
    calledAt: ms(r.called_at),
    startedAt: ms(r.started_at),
    finishedAt: ms(r.finished_at),
    expiredAt: ms(r.expired_at),
    waitSec: secs(r.issued_at, r.called_at),
    serviceSec: secs(r.started_at ?? r.called_at, r.finished_at),
    recalls: r.recalls,
    requeues: r.requeues,
    transfers: r.transfers,
    aheadAtIssue: r.ahead_at_issue,
    etaAtIssueSec: r.eta_at_issue_sec,
  }
}

export interface TicketPageQuery {
  hall: string
  date: string // business date YYYY-MM-DD
  page: number // from 1
  pageSize: number
}

export interface TicketPage {
  total: number
  items: HistoryTicket[]
}

/** Tickets of a business date in issue order. */
export async function listHistoryTickets(db: Kysely<Database>, q: TicketPageQuery): Promise<TicketPage> {
  const base = db.selectFrom('tickets').where('hall_id', '=', q.hall).where('business_date', '=', q.date)
  const [{ total }, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    base
      .selectAll()
      .orderBy('first_seq')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
  ])
  return { total: Number(total), items: rows.map(toHistoryTicket) }
}

/** Every ticket of a business date, in issue order, fetched in pages (for exports). */
export async function* historyTicketsOfDate(
  db: Kysely<Database>,
  hall: string,
  date: string,
  chunk = 1000,
): AsyncGenerator<HistoryTicket> {
  let after = -1
  for (;;) {
    const rows = await db
      .selectFrom('tickets')
      .selectAll()
      .where('hall_id', '=', hall)
      .where('business_date', '=', date)
      .where('first_seq', '>', after)
      .orderBy('first_seq')
      .limit(chunk)
      .execute()
    for (const r of rows) yield toHistoryTicket(r)
    if (rows.length < chunk) return
    after = rows[rows.length - 1]!.first_seq
  }
}

/** Archived events with seq > since, oldest first. */
export async function listHistoryEvents(
  db: Kysely<Database>,
  hall: string,
  since: number,
  limit: number,
): Promise<QueueEvent[]> {
  const rows = await db
    .selectFrom('events')
    .select('event')
    .where('hall_id', '=', hall)
    .where('seq', '>', since)
    .orderBy('seq')
    .limit(limit)
    .execute()
  return rows.map((r) => r.event)
}
