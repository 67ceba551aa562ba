// Prometheus metrics of one app instance, in its own registry (never prom-client's global one, so
// several apps in one process, as in tests, do not mix their numbers).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { QueueStore } from '../store/port.ts'

export interface MetricsSources {
  store: QueueStore
  /** Live clients per hall on this instance (the live plugin's hub), if it is registered. */
  liveClients?: () => Map<string, number>
  clock: () => number
  /** Halls whose waiting counts are read at each scrape (one snapshot each). */
  maxHalls: number
}

export class QmsMetrics {
  readonly registry = new Registry()

  readonly httpDuration = new Histogram({
    name: 'qms_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  })

  readonly ticketsIssued = new Counter({
    name: 'qms_tickets_issued_total',
    help: 'Tickets issued (201 answers of the issue route)',
    labelNames: ['hall', 'service'] as const,
    registers: [this.registry],
  })

  readonly ticketsCalled = new Counter({
    name: 'qms_tickets_called_total',
    help: 'Tickets called (call-next answers that called a ticket)',
    labelNames: ['hall', 'service'] as const,
    registers: [this.registry],
  })

  constructor(sources: MetricsSources, opts: { defaultMetrics: boolean }) {
    const { store, liveClients, clock, maxHalls } = sources
    new Gauge({
      name: 'qms_queue_waiting',
      help: 'Tickets waiting, by hall and service (read from the store at scrape time)',
      labelNames: ['hall', 'service'] as const,
      registers: [this.registry],
      async collect() {
        this.reset() // a removed hall or service must disappear, not freeze at its last value
        // A store outage leaves the gauge empty rather than failing the whole scrape.
        const halls = (await store.listHalls().catch(() => [])).slice(0, maxHalls)
        const snapshots = await Promise.all(halls.map((h) => store.snapshot(h, { now: clock() }).catch(() => null)))
        for (const snap of snapshots) {
          for (const s of snap?.services ?? []) this.set({ hall: snap!.hall, service: s.id }, s.waiting)
        }
      },
    })
    new Gauge({
      name: 'qms_live_clients',
      help: 'Live-channel WebSocket clients connected to this instance, by hall',
      labelNames: ['hall'] as const,
      registers: [this.registry],
      collect() {
        this.reset()
        for (const [hall, n] of liveClients?.() ?? []) this.set({ hall }, n)
      },
    })
    this.wantDefaultMetrics = opts.defaultMetrics
  }

  private wantDefaultMetrics: boolean

  /** The exposition text. Process metrics start with the first scrape: they install observers
   *  that live as long as the process, which apps built by tests and never scraped do not need. */
  async scrape(): Promise<string> {
    if (this.wantDefaultMetrics) {
      this.wantDefaultMetrics = false
      collectDefaultMetrics({ register: this.registry })
    }
    return this.registry.metrics()
  }
}
