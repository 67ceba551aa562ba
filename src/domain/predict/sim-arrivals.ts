// Expected (or sampled) future tickets inside the forward simulation ("phantoms").
import type { HallRuntime } from '../types.ts'
import type { ArrivalStream, Draw } from './draw.ts'
import type { PredictModel } from './types.ts'

/**
 * Future arrivals that can overtake a waiting ticket: priority classes always; normal tickets
 * only for services that some non-FIFO window serves (under FIFO a later normal ticket is
 * never called before an earlier one, so simulating it would change nothing).
 */
export function phantomStreams(
  rt: HallRuntime,
  model: PredictModel,
  draw: Draw,
  now: number,
  normalBand: number,
): ArrivalStream[] {
  const nonFifo = new Set<string>()
  for (const id of rt.windowOrder) {
    const w = rt.windows[id]!
    if (w.policy.mode !== 'fifo') for (const s of w.services) nonFifo.add(s)
  }
  const streams: ArrivalStream[] = []
  for (const service of rt.serviceOrder) {
    rt.classBands.forEach((cls, band) => {
      if (band === normalBand && !nonFifo.has(service)) return
      const rate = model.arrivalRate(service, cls)
      if (!rate) return
      const stream: ArrivalStream = { service, cls, band, rate, nextAt: Infinity }
      stream.nextAt = draw.nextArrival(stream, now, true)
      if (stream.nextAt < Infinity) streams.push(stream)
    })
  }
  return streams
}
