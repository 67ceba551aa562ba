// The replay format: one CSV row per ticket,
// ticket_id,service,priority,issued_at,called_at,completed_at,window,outcome
// (ISO 8601 with the hall's offset; called_at empty for tickets never called). Built from the
// hall's events, so the simulator's truth and a real hall's archive read the same way.
import type { QueueEvent } from '../../src/domain/types.ts'

export interface LogRow {
  ticket_id: string
  service: string
  priority: string // '' for normal, else the class id
  issued_at: number
  called_at: number | null // the first call
  completed_at: number | null
  window: string
  outcome: string // done | no_show | cancelled | waiting
}

export function rowsFromEvents(events: QueueEvent[]): LogRow[] {
  const rows = new Map<string, LogRow>()
  for (const e of events) {
    if (!e.ticket) continue
    if (e.type === 'ticket.issued') {
      const cls = e.class ?? 'normal'
      rows.set(e.ticket, {
        ticket_id: e.number ?? e.ticket,
        service: e.service ?? '',
        priority: cls === 'normal' ? '' : cls,
        issued_at: e.at,
        called_at: null,
        completed_at: null,
        window: '',
        outcome: 'waiting',
      })
      continue
    }
    const r = rows.get(e.ticket)
    if (!r) continue
    if (e.type === 'ticket.called' && r.called_at === null) {
      r.called_at = e.at
      r.window = e.window ?? ''
    }
    if (e.type === 'ticket.done' || e.type === 'ticket.no_show' || e.type === 'ticket.cancelled') {
      r.completed_at = e.at
      r.outcome = e.type === 'ticket.done' ? 'done' : e.type === 'ticket.no_show' ? 'no_show' : 'cancelled'
      if (e.type === 'ticket.done' && e.window) r.window = e.window
    }
    if (e.type === 'ticket.requeued') r.outcome = 'waiting'
  }
  return [...rows.values()]
}

export function isoWithOffset(ms: number, offsetMin: number): string {
  const local = new Date(ms + offsetMin * 60_000).toISOString().slice(0, 19)
  const sign = offsetMin >= 0 ? '+' : '-'
  const abs = Math.abs(offsetMin)
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}

export const CSV_HEADER = 'ticket_id,service,priority,issued_at,called_at,completed_at,window,outcome'

export function toCsv(rows: LogRow[], offsetMin: number): string {
  const t = (v: number | null): string => (v === null ? '' : isoWithOffset(v, offsetMin))
  const lines = rows.map((r) =>
    [r.ticket_id, r.service, r.priority, t(r.issued_at), t(r.called_at), t(r.completed_at), r.window, r.outcome].join(
      ',',
    ),
  )
  return `${CSV_HEADER}\n${lines.join('\n')}\n`
}
