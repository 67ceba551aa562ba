// How long one hall forecast takes at the size the issue names: 50 windows, 500 waiting tickets,
// ten services, three classes, mixed calling policies, arrival rates learned from the last hour
// (so the expected priority arrivals are simulated too). Reported as a figure, not asserted.
import type { HallRuntime, QueueEvent, WindowRuntime } from '../../src/domain/types.ts'
import { PredictionService } from '../../src/predict/prediction-service.ts'
import { Rng } from './rng.ts'

export interface PerfResult {
  windows: number
  waiting: number
  medianMs: number
  p95Ms: number
  cpuMeanMs: number // process CPU time per forecast: steadier than wall time on a shared machine
  runs: number
}

export function bigHall(windows: number, services: number): HallRuntime {
  const serviceIds = Array.from({ length: services }, (_, i) => `s${i}`)
  const rng = new Rng(7)
  const ws: Record<string, WindowRuntime> = {}
  const windowOrder: string[] = []
  for (let i = 0; i < windows; i++) {
    const id = `w${i}`
    const own = serviceIds.filter(
      (_, k) =>
        k === i % services || (i % 3 === 0 && k === (i + 1) % services) || (i % 5 === 0 && k === (i + 4) % services),
    )
    const mode = i % 4 === 0 ? 'weighted' : i % 4 === 1 ? 'order' : 'fifo'
    ws[id] = {
      id,
      services: own,
      policy: {
        mode,
        weights: Object.fromEntries(own.map((s) => [s, rng.uniform(0.5, 2)])),
        maxConsecutivePriority: 3,
        agingSec: 1800,
      },
    }
    windowOrder.push(id)
  }
  return {
    hall: 'perf',
    timezone: 'Asia/Shanghai',
    services: Object.fromEntries(
      serviceIds.map((id) => [
        id,
        {
          id,
          prefix: 'A',
          mode: 'shared' as const,
          digits: 3,
          meanHandlingSec: 600,
          dailyLimit: null,
          windows: windowOrder.filter((w) => ws[w]!.services.includes(id)),
        },
      ]),
    ),
    serviceOrder: serviceIds,
    windows: ws,
    windowOrder,
    classes: {
      green: { id: 'green', rank: 2 },
      appointment: { id: 'appointment', rank: 1 },
      normal: { id: 'normal', rank: 0 },
    },
    classBands: ['green', 'appointment', 'normal'],
    rules: { maxRecalls: 3, noShowRequeue: 'tail', maxRequeues: 1 },
  }
}

export function measurePredict(windows = 50, waiting = 500, runs = 300): PerfResult {
  const rt = bigHall(windows, 10)
  const svc = new PredictionService({ runtime: rt, zone: { utcOffsetMin: 480 } })
  const rng = new Rng(11)
  const now = Date.parse('2026-03-09T02:30:00Z') // 10:30 in the hall
  let seq = 0
  const feed = (e: Omit<QueueEvent, 'seq' | 'hall'>): void => svc.onEvent({ ...e, seq: ++seq, hall: 'perf' })
  for (const id of rt.windowOrder) feed({ type: 'window.status', at: now - 3600_000, window: id, status: 'open' })
  const busy = Math.floor(windows * 0.9)
  for (let i = 0; i < waiting; i++) {
    const cls = rng.chance(0.05) ? 'green' : rng.chance(0.15) ? 'appointment' : 'normal'
    const service = `s${Math.floor(rng.next() * 10)}`
    feed({ type: 'ticket.issued', at: now - 3600_000 + (i * 3600_000) / waiting, ticket: `t${i}`, service, class: cls })
  }
  for (let i = 0; i < busy; i++) {
    const w = rt.windows[rt.windowOrder[i]!]!
    const id = `c${i}`
    feed({ type: 'ticket.issued', at: now - 900_000, ticket: id, service: w.services[0]!, class: 'normal' })
    feed({
      type: 'ticket.called',
      at: now - rng.uniform(0, 900_000),
      ticket: id,
      service: w.services[0]!,
      class: 'normal',
      window: w.id,
    })
  }
  const snap = svc.mirror.snapshot(now)
  for (let i = 0; i < 50; i++) svc.predictHall(snap) // warm-up (JIT)
  const times: number[] = []
  const cpu0 = process.cpuUsage()
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    svc.predictHall(snap)
    times.push(performance.now() - t0)
  }
  const cpu = process.cpuUsage(cpu0)
  times.sort((a, b) => a - b)
  return {
    windows,
    waiting: snap.waiting.length,
    medianMs: times[Math.floor(runs / 2)]!,
    p95Ms: times[Math.floor(runs * 0.95)]!,
    cpuMeanMs: (cpu.user + cpu.system) / 1000 / runs,
    runs,
  }
}
