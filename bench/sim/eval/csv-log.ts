// A replay log (ticket_id,service,priority,issued_at,called_at,completed_at,window,outcome) as
// the event stream a hall would have produced. Without a hall document, the hall is learned from
// the log as it goes, using only what is known at each moment: a service exists once a ticket
// of it is issued, a window serves the services it has been seen calling, a window is open from
// its first call and counts as closed after `idleCloseMin` without any activity. Priority
// classes are called first, but how strictly is learned too (see HeadStart).
import { NORMAL_CLASS, type EventType, type HallRuntime, type QueueEvent } from '../../../src/domain/types.ts'
import { LearnedHall } from './learned-hall.ts'
import type { Step } from './predictor.ts'

export interface LogTicket {
  id: string
  service: string
  cls: string
  issuedAt: number
  calledAt: number | null
  completedAt: number | null
  window: string | null
  outcome: string
}

export interface ParsedLog {
  tickets: LogTicket[]
  utcOffsetMin: number
}

const COLUMNS = ['ticket_id', 'service', 'priority', 'issued_at', 'called_at', 'completed_at', 'window', 'outcome']

export function parseLog(text: string): ParsedLog {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '')
  if (lines.length === 0) throw new Error('log: empty (no header line)')
  const header = lines[0]!.split(',').map((h) => h.trim())
  const col = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)]))
  for (const c of COLUMNS) if (col[c]! < 0) throw new Error(`log: missing column ${c}`)
  let utcOffsetMin = 0
  const tickets = lines.slice(1).map((line, i) => {
    const f = line.split(',')
    const get = (c: string): string => (f[col[c]!] ?? '').trim()
    const time = (c: string): number | null => {
      const v = get(c)
      if (v === '') return null
      const t = Date.parse(v)
      if (Number.isNaN(t)) throw new Error(`log line ${i + 2}: bad ${c} "${v}"`)
      return t
    }
    if (i === 0) utcOffsetMin = offsetOf(get('issued_at'))
    const issuedAt = time('issued_at')
    if (issuedAt === null) throw new Error(`log line ${i + 2}: issued_at is required`)
    // Clock granularity: a call logged a second before the issue is a call at the issue.
    const calledAt = time('called_at') === null ? null : Math.max(issuedAt, time('called_at')!)
    const done = time('completed_at')
    return {
      id: get('ticket_id'),
      service: get('service'),
      cls: get('priority') === '' ? NORMAL_CLASS : get('priority'),
      issuedAt,
      calledAt,
      completedAt: done === null ? null : Math.max(done, calledAt ?? issuedAt),
      window: get('window') || null,
      outcome: get('outcome'),
    }
  })
  return { tickets, utcOffsetMin }
}

function offsetOf(iso: string): number {
  const m = /([+-])(\d\d):?(\d\d)$/.exec(iso)
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0
}

interface Raw {
  at: number
  rank: number // order of simultaneous events: issue, finish, call, cancel
  type: EventType
  t: LogTicket
}

export interface ReplayOptions {
  idleCloseMin: number
  priorHandlingSec: number
  /** A hall runtime to use instead of learning one from the log. */
  runtime?: HallRuntime
}

export function* logSteps(log: ParsedLog, opts: ReplayOptions): Generator<Step> {
  const raws: Raw[] = []
  for (const t of log.tickets) {
    raws.push({ at: t.issuedAt, rank: 0, type: 'ticket.issued', t })
    if (t.calledAt !== null && t.window) {
      raws.push({ at: t.calledAt, rank: 2, type: 'ticket.called', t })
      // A zero-length service still ends after it starts.
      const end = Math.max(t.completedAt ?? t.calledAt, t.calledAt + 1)
      raws.push({ at: end, rank: 1, type: t.outcome === 'no_show' ? 'ticket.no_show' : 'ticket.done', t })
    } else if (t.completedAt !== null) raws.push({ at: t.completedAt, rank: 3, type: 'ticket.cancelled', t })
  }
  raws.sort((a, b) => a.at - b.at || a.rank - b.rank)

  const hall = new LearnedHall(opts)
  let seq = 0
  const ev = (type: EventType, at: number, fields: Partial<QueueEvent>): QueueEvent => ({
    seq: ++seq,
    type,
    at,
    hall: 'replay',
    ...fields,
  })
  const windows = new Map<string, { open: boolean; busy: boolean; last: number }>()
  const idleMs = opts.idleCloseMin * 60_000
  if (opts.runtime) yield { runtime: opts.runtime }

  for (const r of raws) {
    // Windows idle for too long count as closed from then on (known at that moment already).
    const closings = [...windows]
      .filter(([, w]) => w.open && !w.busy && w.last + idleMs <= r.at)
      .sort((a, b) => a[1].last - b[1].last)
    for (const [id, w] of closings) {
      w.open = false
      yield { event: ev('window.status', w.last + idleMs, { window: id, status: 'closed' }) }
    }
    const t = r.t
    const base = { ticket: t.id, number: t.id, service: t.service, class: t.cls }
    const changed = hall.learn(r.type, t)
    if (changed) yield { runtime: changed }
    if (r.type === 'ticket.issued') {
      yield { event: ev(r.type, r.at, { ...base, status: 'waiting', data: { issuedAt: r.at } }) }
      continue
    }
    if (r.type === 'ticket.cancelled') {
      yield { event: ev(r.type, r.at, { ...base, status: 'cancelled' }) }
      continue
    }
    const id = t.window!
    const w = windows.get(id) ?? { open: false, busy: false, last: r.at }
    windows.set(id, w)
    if (r.type === 'ticket.called' && !w.open) {
      w.open = true
      yield { event: ev('window.status', r.at, { window: id, status: 'open' }) }
    }
    w.busy = r.type === 'ticket.called'
    w.last = r.at
    const status = r.type === 'ticket.called' ? 'called' : r.type === 'ticket.done' ? 'done' : 'no_show'
    yield { event: ev(r.type, r.at, { ...base, window: id, status }) }
  }
}
