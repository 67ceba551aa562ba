// The predictor: one mean-path forward simulation of the calling policy gives every waiting
// ticket (and a probe per service and class: "a ticket issued now") a raw forecast; the error
// model learned online turns it into a calibrated median and a 10–90% interval.
//
// A ticket no open or planned window will call is "stranded". It still gets a best guess from a
// second pass in which every closed window comes back after a typical pause, and a service no
// window serves is taken by any window; the flag tells the display to say so. A hall with no
// window at all (a log replay before its first call) falls back to queue length × handling time.
import { NORMAL_CLASS, type HallRuntime } from '../types.ts'
import { calibrator, type Calibration } from './calibration.ts'
import { HORIZON_MS, simulate, type Probe, type SimResult } from './forward-sim.ts'
import { meanPathDraw } from './mean-path.ts'
import type { Eta, HallPrediction, PredictModel, PredictSnapshot, ServiceEta, TicketEta } from './types.ts'

const round = (e: Eta): Eta => ({ etaSec: Math.round(e.etaSec), p10: Math.round(e.p10), p90: Math.round(e.p90) })

export function predictHall(
  rt: HallRuntime,
  snap: PredictSnapshot,
  model: PredictModel,
  cal: Calibration,
): HallPrediction {
  const probes: Probe[] = []
  for (const service of rt.serviceOrder) for (const cls of rt.classBands) probes.push({ service, cls })
  const sim = simulate(rt, snap, model, meanPathDraw(model, snap.now), probes)
  const strandedTickets = snap.waiting.filter((t) => !sim.callAt.has(t.id))
  const strandedProbes = probes.filter((_, i) => !Number.isFinite(sim.probeAt[i]!))
  const fallback = strandedTickets.length + strandedProbes.length > 0 ? fallbackPass(rt, snap, model, probes) : null
  const horizonSec = HORIZON_MS / 1000
  const calibrated = calibrator(cal)
  const noWindows = snap.windows.length === 0
  const secondsTo = (at: number | undefined): number =>
    at === undefined || !Number.isFinite(at) ? horizonSec : Math.max(0, (at - snap.now) / 1000)

  const raw = new Map<string, number>()
  const tickets = new Map<string, TicketEta>()
  for (const t of snap.waiting) {
    const at = sim.callAt.get(t.id)
    const stranded = at === undefined
    const sec = noWindows ? queueLengthSec(rt, snap, model, t) : secondsTo(stranded ? fallback?.callAt.get(t.id) : at)
    raw.set(t.id, sec)
    const c = calibrated(sec)
    tickets.set(t.id, { etaSec: Math.round(c.etaSec), p10: Math.round(c.p10), p90: Math.round(c.p90), stranded })
  }

  const services: Record<string, ServiceEta> = {}
  probes.forEach((p, i) => {
    const at = sim.probeAt[i]!
    const sec = noWindows
      ? queueLengthSec(rt, snap, model, { service: p.service, class: p.cls, orderAt: snap.now })
      : secondsTo(Number.isFinite(at) ? at : fallback?.probeAt[i])
    const eta = round(calibrated(sec))
    const entry = (services[p.service] ??= { etaSec: 0, p10: 0, p90: 0, byClass: {} })
    entry.byClass[p.cls] = eta
    if (p.cls === NORMAL_CLASS) Object.assign(entry, eta)
  })
  return { at: snap.now, tickets, services, raw }
}

/** Tickets of the same service ahead in calling order × mean handling time. */
function queueLengthSec(
  rt: HallRuntime,
  snap: PredictSnapshot,
  model: PredictModel,
  t: { service: string; class: string; orderAt: number },
): number {
  const band = (cls: string): number => rt.classBands.indexOf(cls)
  const ahead = snap.waiting.filter(
    (o) =>
      o.service === t.service &&
      (band(o.class) < band(t.class) || (band(o.class) === band(t.class) && o.orderAt < t.orderAt)),
  ).length
  return ahead * model.handling(t.service, '', snap.now).meanSec
}

function fallbackPass(rt: HallRuntime, snap: PredictSnapshot, model: PredictModel, probes: Probe[]): SimResult {
  const served = new Set(rt.windowOrder.flatMap((id) => rt.windows[id]!.services))
  const orphans = rt.serviceOrder.filter((s) => !served.has(s))
  const windows = Object.fromEntries(
    rt.windowOrder.map((id) => {
      const w = rt.windows[id]!
      return [id, orphans.length ? { ...w, services: [...w.services, ...orphans] } : w]
    }),
  )
  const fallbackRt: HallRuntime = { ...rt, windows }
  const fallbackSnap: PredictSnapshot = {
    ...snap,
    windows: snap.windows.map((w) => (w.status === 'closed' ? { ...w, status: 'paused', since: snap.now } : w)),
  }
  const noPlan: PredictModel = { ...model, plannedChanges: () => [] }
  return simulate(fallbackRt, fallbackSnap, noPlan, meanPathDraw(noPlan, snap.now), probes)
}
