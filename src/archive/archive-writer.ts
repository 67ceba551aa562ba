// Writes one batch of a hall's events to Postgres in one transaction: the events themselves
// (ON CONFLICT DO NOTHING: a re-delivered event is a no-op), the rows of the tickets they touch
// (re-folded from all of the ticket's archived events), the hall's checkpoint, and the day
// rollover (open tickets of a past business date become `expired`).
import { sql, type Kysely, type Transaction } from 'kysely'
import { businessDate } from '../domain/calendar.ts'
import type { QueueEvent } from '../domain/types.ts'
import type { Database } from '../db/schema.ts'
import { foldTicket, type FoldedTicket } from './ticket-fold.ts'

export const DEFAULT_TIMEZONE = 'Asia/Shanghai'
const CHUNK = 500
const TZ_CACHE_MS = 60_000

export type TimezoneOf = (hall: string) => Promise<string | null | undefined>

export interface WriteResult {
  inserted: number // events new to the archive
  tickets: number // ticket rows written
  expired: number // rows closed by the day rollover
  lastSeq: number // the hall's checkpoint after this batch
}

const chunks = <T>(items: readonly T[], size = CHUNK): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size))
const date = (ms: number | null): Date | null => (ms === null ? null : new Date(ms))

export class ArchiveWriter {
  readonly #timezones = new Map<string, { tz: string; until: number }>()

  constructor(
    private readonly db: Kysely<Database>,
    /** The hall's timezone (business dates); default: the halls table, else Asia/Shanghai. */
    private readonly timezoneOf?: TimezoneOf,
  ) {}

  async write(hall: string, events: readonly QueueEvent[]): Promise<WriteResult> {
    const tz = await this.#timezone(hall)
    const dateOf = (at: number): string => businessDate(tz, at)
    return this.db.transaction().execute(async (trx) => {
      // One writer per hall at a time, so a re-fold always sees every committed event of its ticket.
      await sql`select pg_advisory_xact_lock(hashtext(${`qms-archive:${hall}`}))`.execute(trx)
      const fresh = await insertEvents(trx, hall, events)
      const ticketIds = [...new Set(fresh.filter((e) => e.ticket).map((e) => e.ticket!))]
      const rows = await refoldTickets(trx, hall, ticketIds, dateOf)
      const newest = events.reduce((max, e) => Math.max(max, e.seq), 0)
      const latestDate = events.reduce<string | null>((max, e) => {
        const d = dateOf(e.at)
        return max === null || d > max ? d : max
      }, null)
      const checkpoint = await advanceCheckpoint(trx, hall, newest, latestDate)
      const expired = checkpoint.business_date ? await expireBefore(trx, hall, checkpoint.business_date) : 0
      return { inserted: fresh.length, tickets: rows, expired, lastSeq: checkpoint.last_seq }
    })
  }

  async #timezone(hall: string): Promise<string> {
    const cached = this.#timezones.get(hall)
    if (cached && cached.until > Date.now()) return cached.tz
    let tz = this.timezoneOf ? await this.timezoneOf(hall) : undefined
    if (!tz) {
      const row = await this.db.selectFrom('halls').select('timezone').where('id', '=', hall).executeTakeFirst()
      tz = row?.timezone
    }
    const resolved = tz ?? DEFAULT_TIMEZONE
    this.#timezones.set(hall, { tz: resolved, until: Date.now() + TZ_CACHE_MS })
    return resolved
  }
}

/** Returns the events that were not archived before. */
async function insertEvents(
  trx: Transaction<Database>,
  hall: string,
  events: readonly QueueEvent[],
): Promise<QueueEvent[]> {
  const bySeq = new Map(events.map((e) => [e.seq, e]))
  const fresh: QueueEvent[] = []
  for (const part of chunks([...bySeq.values()])) {
    const inserted = await trx
      .insertInto('events')
      .values(
        part.map((e) => ({
          hall_id: hall,
          seq: e.seq,
          type: e.type,
          at: new Date(e.at),
          ticket_id: e.ticket ?? null,
          event: JSON.stringify(e),
          archived_at: new Date(),
        })),
      )
      .onConflict((oc) => oc.columns(['hall_id', 'seq']).doNothing())
      .returning('seq')
      .execute()
    for (const r of inserted) fresh.push(bySeq.get(r.seq)!)
  }
  return fresh
}

async function refoldTickets(
  trx: Transaction<Database>,
  hall: string,
  ticketIds: string[],
  dateOf: (at: number) => string,
): Promise<number> {
  let written = 0
  for (const ids of chunks(ticketIds)) {
    const rows = await trx
      .selectFrom('events')
      .select('event')
      .where('hall_id', '=', hall)
      .where('ticket_id', 'in', ids)
      .orderBy('seq')
      .execute()
    const byTicket = new Map<string, QueueEvent[]>()
    for (const { event } of rows) byTicket.set(event.ticket!, [...(byTicket.get(event.ticket!) ?? []), event])
    const folded = [...byTicket.values()]
      .map((evs) => foldTicket(evs, dateOf))
      .filter((t): t is FoldedTicket => t !== null)
    if (folded.length) await upsertTickets(trx, folded)
    written += folded.length
  }
  return written
}

async function upsertTickets(trx: Transaction<Database>, tickets: FoldedTicket[]): Promise<void> {
  const now = new Date()
  await trx
    .insertInto('tickets')
    .values(
      tickets.map((t) => ({
        hall_id: t.hall,
        id: t.id,
        number: t.number,
        service_id: t.service,
        class: t.class,
        business_date: t.businessDate,
        status: t.status,
        outcome: t.outcome,
        window_id: t.window,
        rule: t.rule,
        issued_at: date(t.issuedAt),
        called_at: date(t.calledAt),
        started_at: date(t.startedAt),
        finished_at: date(t.finishedAt),
        expired_at: null,
        recalls: t.recalls,
        requeues: t.requeues,
        transfers: t.transfers,
        ahead_at_issue: t.aheadAtIssue,
        eta_at_issue_sec: t.etaAtIssueSec,
        first_seq: t.firstSeq,
        last_seq: t.lastSeq,
        updated_at: now,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['hall_id', 'id']).doUpdateSet((eb) => {
        // A row closed by the rollover stays `expired` until an event really finishes the ticket.
        const keepsExpiry = eb.and([eb('excluded.outcome', 'is', null), eb('tickets.outcome', '=', 'expired')])
        return {
          number: eb.ref('excluded.number'),
          service_id: eb.ref('excluded.service_id'),
          class: eb.ref('excluded.class'),
          business_date: eb.ref('excluded.business_date'),
          status: eb.ref('excluded.status'),
          outcome: eb.case().when(keepsExpiry).then('expired').else(eb.ref('excluded.outcome')).end(),
          expired_at: eb.case().when(keepsExpiry).then(eb.ref('tickets.expired_at')).else(null).end(),
          window_id: eb.ref('excluded.window_id'),
          rule: eb.ref('excluded.rule'),
          issued_at: eb.ref('excluded.issued_at'),
          called_at: eb.ref('excluded.called_at'),
          started_at: eb.ref('excluded.started_at'),
          finished_at: eb.ref('excluded.finished_at'),
          recalls: eb.ref('excluded.recalls'),
          requeues: eb.ref('excluded.requeues'),
          transfers: eb.ref('excluded.transfers'),
          ahead_at_issue: eb.ref('excluded.ahead_at_issue'),
          eta_at_issue_sec: eb.ref('excluded.eta_at_issue_sec'),
          first_seq: eb.ref('excluded.first_seq'),
          last_seq: eb.ref('excluded.last_seq'),
          updated_at: now,
        }
      }),
    )
    .execute()
}

async function advanceCheckpoint(trx: Transaction<Database>, hall: string, seq: number, businessDate: string | null) {
  return trx
    .insertInto('archive_checkpoints')
    .values({ hall_id: hall, last_seq: seq, business_date: businessDate, updated_at: new Date() })
    .onConflict((oc) =>
      oc.column('hall_id').doUpdateSet((eb) => ({
        last_seq: eb.fn('greatest', [eb.ref('archive_checkpoints.last_seq'), eb.ref('excluded.last_seq')]),
        business_date: eb.fn('greatest', [
          eb.ref('archive_checkpoints.business_date'),
          eb.ref('excluded.business_date'),
        ]),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .returning(['last_seq', 'business_date'])
    .executeTakeFirstOrThrow()
}

/** The rollover: tickets of a business date before `latest` that never finished are closed. */
async function expireBefore(trx: Transaction<Database>, hall: string, latest: string): Promise<number> {
  const r = await trx
    .updateTable('tickets')
    .set({ outcome: 'expired', expired_at: new Date(), updated_at: new Date() })
    .where('hall_id', '=', hall)
    .where('business_date', '<', latest)
    .where('outcome', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}
