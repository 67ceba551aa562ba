// The capacity cutoff (issuing-capacity.ts) needs the waiting count and open windows of a service
// on every issue. They are read with the store's cheap `serviceLoad` (a whole snapshot, which cost
// more than the issue itself, only from stores without it; docs/performance.md), and reused for
// up to a second per hall and instance, but
// only while they show the service far from its cutoff: under half of what is left of the day.
// Closer to the line every issue reads fresh figures, exactly as before. Tickets issued through
// this instance are added to the reused figures at once (`noteIssued`); those issued through other
// instances within that second are missed, which far from the cutoff cannot change the answer.
import type { HallDocument } from '../config/hall-document.ts'
import { remainingOpenSec } from '../domain/calendar.ts'
import type { HallSnapshot, ServiceRuntime } from '../domain/types.ts'
import type { QueueStore } from '../store/port.ts'
import { queuedWorkSec } from './issuing-capacity.ts'

export const CAPACITY_REUSE_MS = 1000
const MAX_HALLS = 10_000

/** True when the service's queued work is under half of the day's remaining time plus overtime. */
export function farFromCutoff(
  doc: HallDocument,
  service: ServiceRuntime,
  snapshot: HallSnapshot,
  now: number,
): boolean {
  const left = remainingOpenSec(doc, now)
  if (left === null || doc.hours === undefined) return true
  return queuedWorkSec(service, snapshot) <= (left + doc.hours.overtimeMinutes * 60) / 2
}

export class CapacitySnapshots {
  /** Only the per-service figures are kept (a hall's windows would cost memory for nothing). */
  private readonly recent = new Map<string, { snapshot: HallSnapshot; at: number }>()
  private readonly pending = new Map<string, Promise<HallSnapshot>>()

  constructor(
    private readonly store: QueueStore,
    private readonly reuseMs: number = CAPACITY_REUSE_MS,
  ) {}

  /** Figures for the hall: recent ones when `goodEnough` accepts them, else a fresh read. */
  async get(hall: string, now: number, goodEnough: (s: HallSnapshot) => boolean): Promise<HallSnapshot> {
    const hit = this.recent.get(hall)
    if (hit && now - hit.at < this.reuseMs && now >= hit.at && goodEnough(hit.snapshot)) return hit.snapshot
    let read = this.pending.get(hall)
    if (!read) {
      read = this.read(hall, now).finally(() => this.pending.delete(hall))
      this.pending.set(hall, read)
    }
    return read
  }

  /** Counts a ticket this instance just issued into the reused figures. */
  noteIssued(hall: string, service: string): void {
    const s = this.recent.get(hall)?.snapshot.services.find((x) => x.id === service)
    if (s) s.waiting++
  }

  private async read(hall: string, now: number): Promise<HallSnapshot> {
    // The store's cheap per-service read when it has one, else a whole snapshot.
    const load = this.store.serviceLoad
      ? await this.store.serviceLoad(hall)
      : (await this.store.snapshot(hall, { now })).services
    const services = load.map(({ id, waiting, openWindows }) => ({
      id,
      waiting,
      openWindows,
      etaSec: 0,
      oldestWaitSec: 0,
    }))
    const snapshot: HallSnapshot = { hall, seq: 0, at: now, windows: [], services }
    if (this.recent.size >= MAX_HALLS) this.recent.delete(this.recent.keys().next().value!)
    this.recent.delete(hall) // re-inserted last: the map stays in age order for the bound above
    this.recent.set(hall, { snapshot, at: now })
    return snapshot
  }
}
