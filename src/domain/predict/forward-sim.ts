// Forward simulation of the calling policy: windows become free one after another and each
// calls exactly what `selectNext` (the real calling policy) would call. How long each ticket
// occupies a window, and when new tickets arrive, come from a `Draw`: expected values for the
// mean path, random samples for Monte-Carlo runs. Pure and deterministic given the Draw.
import type { HallRuntime } from '../types.ts'
import type { Draw } from './draw.ts'
import { phantomStreams } from './sim-arrivals.ts'
import { SimQueues, type SimTicket } from './sim-queues.ts'
import { fitToIntervals, selectFor, simWindows, targetQueue, windowOpenAt, type SimWindow } from './sim-windows.ts'
import type { PredictModel, PredictSnapshot } from './types.ts'

export type { ArrivalStream, Draw } from './draw.ts'

/** Nothing is forecast beyond this; tickets still waiting then are reported as stranded. */
export const HORIZON_MS = 12 * 3600_000

export interface Probe {
  service: string
  cls: string
}

export interface SimResult {
  callAt: Map<string, number> // real ticket id → simulated call time (epoch ms)
  probeAt: number[] // per probe, in the order given
}

const GHOST = '\uffff'

/** Observes every simulated call (tests and debugging). */
export type CallTrace = (window: string, ticket: SimTicket, at: number) => void

export function simulate(
  rt: HallRuntime,
  snap: PredictSnapshot,
  model: PredictModel,
  draw: Draw,
  probes: Probe[],
  trace?: CallTrace,
): SimResult {
  const { now } = snap
  const bandOf = (cls: string): number => Math.max(0, rt.classBands.indexOf(cls))
  const normalBand = rt.classBands.length - 1
  const queues = new SimQueues(rt.classBands.length)
  for (const t of snap.waiting) {
    queues.load(t.queue, {
      id: t.id,
      service: t.service,
      cls: t.class,
      band: bandOf(t.class),
      orderAt: t.orderAt,
      kind: 'real',
      enteredAt: now,
    })
  }
  queues.seal()

  const windows = simWindows(rt, snap, model, draw)

  // Ghost probes wait where a ticket issued now would wait (assigned mode: the store's choice).
  const probeAt = new Array<number>(probes.length).fill(Infinity)
  const openNow = new Set(snap.windows.filter((w) => w.status === 'open').map((w) => w.id))
  const busyNow = new Set(snap.windows.filter((w) => w.current).map((w) => w.id))
  probes.forEach((p, i) => {
    const q = targetQueue(
      rt,
      p.service,
      queues,
      (id) => openNow.has(id),
      (id) => busyNow.has(id),
    )
    queues.insert(q, {
      id: `${GHOST}${i}`,
      service: p.service,
      cls: p.cls,
      band: bandOf(p.cls),
      orderAt: now,
      kind: 'ghost',
      enteredAt: now,
    })
  })

  const streams = phantomStreams(rt, model, draw, now, normalBand)
  const callAt = new Map<string, number>()
  let unresolved = snap.waiting.length + probes.length
  const end = now + HORIZON_MS
  let phantomSeq = 0

  while (unresolved > 0) {
    let w: SimWindow | undefined
    for (const c of windows) if (!c.retired && (!w || c.freeAt < w.freeAt)) w = c
    if (!w || w.freeAt > end) break
    const t = w.freeAt
    for (const s of streams) {
      while (s.nextAt <= t) {
        const q = targetQueue(
          rt,
          s.service,
          queues,
          (id) => windowOpenAt(windows, id, s.nextAt),
          (id) => (windows.find((x) => x.id === id)?.freeAt ?? 0) > s.nextAt,
        )
        queues.insert(q, {
          id: `${GHOST}p${phantomSeq++}`,
          service: s.service,
          cls: s.cls,
          band: s.band,
          orderAt: s.nextAt,
          kind: 'phantom',
          enteredAt: s.nextAt,
        })
        s.nextAt = draw.nextArrival(s, s.nextAt, false)
      }
    }
    const pick = selectFor(w, queues, normalBand, t)
    if (!pick && t >= w.intervals[0]!.to) {
      w.intervals.shift() // drained: closes until its next opening
      fitToIntervals(w)
      continue
    }
    if (!pick) {
      let next = Infinity
      for (const s of streams) if (w.services.includes(s.service)) next = Math.min(next, s.nextAt)
      if (next === Infinity) w.retired = true
      else {
        w.freeAt = next
        fitToIntervals(w)
      }
      continue
    }
    const { ticket, consecutivePriority } = pick
    trace?.(w.id, ticket, t)
    if (ticket.kind === 'ghost') {
      probeAt[Number(ticket.id.slice(GHOST.length))] = t
      unresolved--
      continue // a probe only observes: it takes no window time
    }
    if (ticket.kind === 'real') {
      callAt.set(ticket.id, t)
      unresolved--
    }
    w.consecutivePriority = consecutivePriority
    w.freeAt = t + 1000 * draw.occupancy(ticket, w.id, t)
    fitToIntervals(w)
  }
  return { callAt, probeAt }
}
