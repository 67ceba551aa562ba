// The JSON body of `qms/v1/{hall}/events/{type}`. `id` is `{hall}:{seq}`, stable across
// re-publication, so consumers drop duplicates by id (QoS 1 is at-least-once).
import { isoInZone } from '../domain/iso-time.ts'
import type { QueueEvent } from '../domain/types.ts'

export interface EventMessage {
  id: string
  seq: number
  type: string
  hall: string
  at: string // ISO 8601 in the hall's timezone, with offset: 2026-03-02T09:15:00+08:00 (milliseconds when not zero)
  ticket: string | null
  number: string | null
  service: string | null
  class: string | null
  window: string | null
  status: string | null
  data: Record<string, unknown> | null
}

export function toEventMessage(ev: QueueEvent, timezone: string): EventMessage {
  return {
    id: `${ev.hall}:${ev.seq}`,
    seq: ev.seq,
    type: ev.type,
    hall: ev.hall,
    at: isoInZone(ev.at, timezone),
    ticket: ev.ticket ?? null,
    number: ev.number ?? null,
    service: ev.service ?? null,
    class: ev.class ?? null,
    window: ev.window ?? null,
    status: ev.status ?? null,
    data: ev.data ?? null,
  }
}
