// The allocation engine's own events: proposals and their decisions, alarms raised and cleared.
// They are not queue events (the hall's stream holds only queue state changes), so they live in
// a per-hall log here, are served by the allocation routes, and go to listeners (e.g. the live
// channel or the archiver) that the app wires in.

import type { Alarm } from '../domain/alloc/alarms.ts'
import type { AllocSettings, Proposal } from '../domain/alloc/types.ts'

export type ProposalStatus = 'pending' | 'applied' | 'rejected' | 'expired' | 'failed'

export interface StoredProposal extends Proposal {
  id: string
  hall: string
  at: number
  mode: 'advise' | 'auto'
  status: ProposalStatus
  decidedBy?: string // token id of the manager, or 'auto'
  decidedAt?: number
  error?: { code: string; message: string }
}

export type AllocEventType =
  | 'alloc.proposed'
  | 'alloc.applied'
  | 'alloc.rejected'
  | 'alloc.expired'
  | 'alloc.failed'
  | 'alloc.settings'
  | 'alarm.raised'
  | 'alarm.cleared'

export interface AllocEvent {
  seq: number // per hall, from 1, in this instance's log
  type: AllocEventType
  hall: string
  at: number
  proposal?: StoredProposal
  alarm?: Alarm
  settings?: AllocSettings
  by?: string
}

export type AllocListener = (e: AllocEvent) => void

export const LOG_KEPT = 2000

export class AllocLog {
  private readonly events = new Map<string, AllocEvent[]>()
  private readonly seqs = new Map<string, number>()
  private readonly listeners = new Set<AllocListener>()

  append(e: Omit<AllocEvent, 'seq'>): AllocEvent {
    const seq = (this.seqs.get(e.hall) ?? 0) + 1
    this.seqs.set(e.hall, seq)
    const full = { ...e, seq } as AllocEvent
    const list = this.events.get(e.hall) ?? []
    list.push(full)
    if (list.length > LOG_KEPT) list.splice(0, list.length - LOG_KEPT)
    this.events.set(e.hall, list)
    for (const l of this.listeners) {
      try {
        l(full)
      } catch {
        // a listener's failure must not stop the controller
      }
    }
    return full
  }

  since(hall: string, since: number, limit: number): AllocEvent[] {
    return (this.events.get(hall) ?? []).filter((e) => e.seq > since).slice(0, limit)
  }

  onEvent(listener: AllocListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
