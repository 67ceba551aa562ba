// The known predictors we compare against, all fed from the same events:
// - naive: position in the service's line (classes ignored) × mean handling time ÷ open windows
//   in the hall — what QSystem/ZMS-style systems show;
// - ql: the class-aware queue-length predictor (Ibrahim & Whitt): (tickets ahead by class + 1)
//   × the service's recent mean handling time ÷ open windows serving the service; 0 when one of
//   those windows is idle and nobody is ahead;
// - les: the wait of the last ticket of the same service and class to be called;
// - hol: how long the ticket at the head of its line has waited so far;
// - rolling: the mean of the last 20 waits of the service.
import type { HallRuntime, QueueEvent } from '../../../src/domain/types.ts'
import { HallMirror } from '../../../src/predict/hall-mirror.ts'
import type { Forecast, Predictor } from './predictor.ts'

const HANDLING_WINDOW = 50
const ROLLING_WINDOW = 20

const mean = (xs: number[]): number => (xs.length ? xs.reduce((s, v) => s + v, 0) / xs.length : 0)
const pushBounded = (xs: number[], v: number, n: number): void => {
  xs.push(v)
  if (xs.length > n) xs.shift()
}

export class Baselines implements Predictor {
  readonly names = ['naive', 'ql', 'les', 'hol', 'rolling']
  private readonly mirror: HallMirror
  private readonly handling = new Map<string, number[]>() // service → recent occupancies (s)
  private readonly allHandling: number[] = []
  private readonly lastWait = new Map<string, number>() // `${service}|${class}` and service → s
  private readonly recentWaits = new Map<string, number[]>()

  constructor(private runtime: HallRuntime) {
    this.mirror = new HallMirror(runtime)
  }

  configure(runtime: HallRuntime): void {
    this.runtime = runtime
    this.mirror.configure(runtime)
  }

  onEvent(e: QueueEvent): void {
    if (e.type === 'ticket.called' && e.ticket && e.service && this.mirror.waiting.has(e.ticket)) {
      const wait = Math.max(0, (e.at - (this.mirror.issuedAt(e.ticket) ?? e.at)) / 1000)
      this.lastWait.set(`${e.service}|${e.class}`, wait)
      this.lastWait.set(e.service, wait)
      const list = this.recentWaits.get(e.service) ?? []
      pushBounded(list, wait, ROLLING_WINDOW)
      this.recentWaits.set(e.service, list)
    }
    if ((e.type === 'ticket.done' || e.type === 'ticket.no_show') && e.window && e.service) {
      const cur = this.mirror.windows.get(e.window)?.current
      if (cur && cur.ticket === e.ticket) {
        const sec = (e.at - cur.calledAt) / 1000
        const list = this.handling.get(e.service) ?? []
        pushBounded(list, sec, HANDLING_WINDOW)
        this.handling.set(e.service, list)
        pushBounded(this.allHandling, sec, HANDLING_WINDOW)
      }
    }
    this.mirror.apply(e)
  }

  private meanHandling(service: string): number {
    const list = this.handling.get(service)
    return list?.length ? mean(list) : (this.runtime.services[service]?.meanHandlingSec ?? 600)
  }

  forecast(ticket: string, now: number): Record<string, Forecast> {
    const me = this.mirror.waiting.get(ticket)
    if (!me) return Object.fromEntries(this.names.map((n) => [n, { etaSec: 0 }]))
    const band = (cls: string): number => this.runtime.classBands.indexOf(cls)
    const windows = [...this.mirror.windows.values()]
    const openAll = windows.filter((w) => w.status === 'open').length
    const servesMe = (id: string): boolean =>
      me.queue.startsWith('w:')
        ? me.queue === `w:${id}`
        : (this.runtime.windows[id]?.services.includes(me.service) ?? false)
    const pool = windows.filter((w) => w.status === 'open' && servesMe(w.id))

    let fifoAhead = 0
    let classAhead = 0
    let head: number | null = null
    for (const t of this.mirror.waiting.values()) {
      if (t.id === ticket || t.service !== me.service) continue
      if (t.orderAt < me.orderAt) fifoAhead++
      if (t.queue !== me.queue) continue
      const earlier = band(t.class) < band(me.class) || (band(t.class) === band(me.class) && t.orderAt <= me.orderAt)
      if (earlier) {
        classAhead++
        if (band(t.class) === band(me.class)) head = head === null ? t.orderAt : Math.min(head, t.orderAt)
      }
    }
    const allMean = this.allHandling.length ? mean(this.allHandling) : this.meanHandling(me.service)
    const idle = pool.some((w) => w.current === null)
    const ql =
      classAhead === 0 && idle ? 0 : ((classAhead + 1) * this.meanHandling(me.service)) / Math.max(1, pool.length)
    return {
      naive: { etaSec: (fifoAhead * allMean) / Math.max(1, openAll) },
      ql: { etaSec: ql },
      les: { etaSec: this.lastWait.get(`${me.service}|${me.class}`) ?? this.lastWait.get(me.service) ?? 0 },
      hol: { etaSec: head === null ? 0 : Math.max(0, (now - head) / 1000) },
      rolling: { etaSec: mean(this.recentWaits.get(me.service) ?? []) },
    }
  }
}
