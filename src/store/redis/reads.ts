// Reads: a ticket with its place in the queue, the hall snapshot, and the event stream.
import type { Cluster, Redis } from 'ioredis'
import { QmsError } from '../../domain/errors.ts'
import { oldestWaitSec, simpleEtaSec } from '../../domain/estimate.ts'
import type { HallSnapshot, QueueEvent, Ticket, TicketView, WindowState } from '../../domain/types.ts'
import type { HallArgs } from './hall-args.ts'
import type { ScriptRunner } from './script-runner.ts'

export async function ticketView(runner: ScriptRunner, h: HallArgs, id: string): Promise<TicketView | null> {
  const k = h.keys
  const out = await runner.run('ticket-view', [k.tk, k.ws, ...h.allQueues.keys], [id, h.allQueues.ids, h.services])
  if (!out.ok) throw new QmsError('QMS_ERR_INTERNAL', 'unexpected failure reading a ticket')
  if (out.value === null) return null
  const { ticket, ahead, open } = out.value as { ticket: Ticket; ahead: number; open: number }
  const svc = h.runtime.services[ticket.service]
  const windows = ticket.queue?.startsWith('w:') ? 1 : open
  const etaSec = ticket.status === 'waiting' && svc ? simpleEtaSec(ahead, svc.meanHandlingSec, windows) : 0
  return { ...ticket, ahead, etaSec }
}

interface SnapshotData {
  v: number
  seq: number
  windows: Record<string, WindowState>
  current: Record<string, Ticket | null>
  waiting: Record<string, number>
  lengths: Record<string, number>
  oldest: Record<string, number> // service → earliest issuedAt of its waiting tickets
}

/** Null when the stored configuration is newer than `h` (the caller reloads and asks again). */
export async function snapshotOf(runner: ScriptRunner, h: HallArgs, now: number): Promise<HallSnapshot | null> {
  const k = h.keys
  const out = await runner.run('snapshot', [k.hall, k.win, k.tk, k.wc, ...h.allQueues.keys], [h.allQueues.ids])
  if (!out.ok) throw new QmsError('QMS_ERR_HALL_NOT_FOUND', `hall ${h.hall} not found`)
  const data = out.value as SnapshotData
  if (data.v !== h.version) return null
  const rt = h.runtime
  const isOpen = (id: string): boolean => data.windows[id]?.status === 'open'
  const windows = rt.windowOrder.map((id) => {
    const w = data.windows[id] ?? {
      id,
      status: 'closed',
      current: null,
      consecutivePriority: 0,
      reason: null,
      since: 0,
    }
    const t = w.current ? data.current[w.current] : null
    return {
      ...w,
      currentTicket: t ? { id: t.id, number: t.number, service: t.service, status: t.status, class: t.class } : null,
      queueLength: data.lengths[`w:${id}`] ?? 0,
    }
  })
  const services = rt.serviceOrder.map((id) => {
    const waiting = data.waiting[id] ?? 0
    const openWindows = rt.services[id]!.windows.filter(isOpen).length
    return {
      id,
      waiting,
      openWindows,
      etaSec: simpleEtaSec(waiting, rt.services[id]!.meanHandlingSec, openWindows),
      oldestWaitSec: oldestWaitSec(data.oldest[id], now),
    }
  })
  return { hall: h.hall, seq: data.seq, at: now, windows, services }
}

export async function eventsSince(
  redis: Redis | Cluster,
  h: HallArgs,
  since: number,
  limit: number,
): Promise<QueueEvent[]> {
  if (limit <= 0) return []
  const from = `${Math.max(0, Math.floor(since)) + 1}-0`
  const entries = await redis.xrange(h.keys.ev, from, '+', 'COUNT', Math.floor(limit))
  return entries.map(([, fields]) => JSON.parse(fields[1]!) as QueueEvent)
}
