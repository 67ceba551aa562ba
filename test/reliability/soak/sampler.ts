// Samples what could grow over a week: the process's heap and RSS, Redis memory and the sizes of
// the hall's ticket hash and event stream, and event-loop lag (p99 and max of the last interval).
import { statSync } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { Redis } from 'ioredis'
import { hallKeys } from '../../../src/store/redis/keys.ts'

export interface Sample {
  day: number
  simTime: string
  wallSec: number
  heapMB: number
  rssMB: number
  redisMB: number
  ticketHash: number
  streamLen: number
  journalMB: number
  lagP99Ms: number
  lagMaxMs: number
}

export class Sampler {
  readonly samples: Sample[] = []
  private readonly lag = monitorEventLoopDelay({ resolution: 10 })
  private readonly started = Date.now()

  /** `redis` null: the embedded store; then `journal` (QUEUE_JOURNAL) is measured instead. */
  constructor(
    private readonly redis: Redis | null,
    private readonly hall: string,
    private readonly journal: string | null = null,
  ) {
    this.lag.enable()
  }

  async sample(day: number, simNow: number): Promise<Sample> {
    const mem = process.memoryUsage()
    const r = this.redis
    const used = r ? Number(/used_memory:(\d+)/.exec(await r.info('memory'))?.[1] ?? 0) : 0
    const keys = hallKeys(this.hall)
    const journalBytes = this.journal ? (statSync(this.journal, { throwIfNoEntry: false })?.size ?? 0) : 0
    const s: Sample = {
      day,
      simTime: new Date(simNow + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' '),
      wallSec: Math.round((Date.now() - this.started) / 1000),
      heapMB: +(mem.heapUsed / 2 ** 20).toFixed(1),
      rssMB: +(mem.rss / 2 ** 20).toFixed(1),
      redisMB: +(used / 2 ** 20).toFixed(2),
      ticketHash: r ? await r.hlen(keys.tk) : 0,
      streamLen: r ? await r.xlen(keys.ev) : 0,
      journalMB: +(journalBytes / 2 ** 20).toFixed(2),
      lagP99Ms: +(this.lag.percentile(99) / 1e6).toFixed(1),
      lagMaxMs: +(this.lag.max / 1e6).toFixed(1),
    }
    this.lag.reset()
    this.samples.push(s)
    return s
  }
}
