// CSV export of a hall's archived tickets for one business date: UTF-8 with a BOM (so Excel opens
// Chinese text correctly), bilingual headers, hall-local times.
import type { Kysely } from 'kysely'
import { localTime } from '../domain/calendar.ts'
import type { Database } from '../db/schema.ts'
import { historyTicketsOfDate, type HistoryTicket } from '../db/repos/history.ts'
import { DEFAULT_TIMEZONE } from './archive-writer.ts'

const COLUMNS: [
  header: string,
  cell: (t: HistoryTicket, names: Map<string, string>, tz: string) => string | number | null,
][] = [
  ['号码 Number', (t) => t.number],
  ['业务 Service', (t, names) => names.get(t.service) ?? t.service],
  ['类别 Class', (t) => t.class],
  ['状态 Status', (t) => t.status],
  ['结果 Outcome', (t) => t.outcome],
  ['窗口 Window', (t) => t.window],
  ['取号时间 Issued', (t, _, tz) => clock(t.issuedAt, tz)],
  ['叫号时间 Called', (t, _, tz) => clock(t.calledAt, tz)],
  ['开始办理 Started', (t, _, tz) => clock(t.startedAt, tz)],
  ['办结时间 Finished', (t, _, tz) => clock(t.finishedAt, tz)],
  ['等候秒数 Wait (s)', (t) => t.waitSec],
  ['办理秒数 Service (s)', (t) => t.serviceSec],
  ['重呼 Recalls', (t) => t.recalls],
  ['转移 Transfers', (t) => t.transfers],
  ['取号时前方人数 Ahead at issue', (t) => t.aheadAtIssue],
  ['取号时预计等候秒数 ETA at issue (s)', (t) => t.etaAtIssueSec],
  ['票据 Ticket id', (t) => t.id],
]

function clock(ms: number | null, tz: string): string | null {
  if (ms === null) return null
  const l = localTime(tz, ms)
  return `${l.date} ${l.time}:${String(l.secondOfDay % 60).padStart(2, '0')}`
}

/** Quotes when needed; a leading = + - @ is neutralised so spreadsheets never run a cell as a formula. */
export function csvCell(value: string | number | null): string {
  if (value === null) return ''
  let s = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** The export as lines (header first), for streaming to the client. */
export async function* ticketsCsv(db: Kysely<Database>, hall: string, date: string): AsyncGenerator<string> {
  const [hallRow, services] = await Promise.all([
    db.selectFrom('halls').select('timezone').where('id', '=', hall).executeTakeFirst(),
    db.selectFrom('services').select(['id', 'name']).where('hall_id', '=', hall).execute(),
  ])
  const tz = hallRow?.timezone ?? DEFAULT_TIMEZONE
  const names = new Map(services.map((s) => [s.id, s.name]))
  yield '\uFEFF' + COLUMNS.map(([h]) => csvCell(h)).join(',') + '\r\n'
  for await (const t of historyTicketsOfDate(db, hall, date)) {
    yield COLUMNS.map(([, cell]) => csvCell(cell(t, names, tz))).join(',') + '\r\n'
  }
}
