// The production QueueStore: live queues in Redis, one Lua script (one round trip) per state
// change, events appended to the hall's stream and published for other core instances in the same
// script. All keys of a hall share one hash tag, so it runs unchanged on Redis Cluster.
import type { Cluster, Redis } from 'ioredis'
import { QmsError } from '../../domain/errors.ts'
import { NORMAL_CLASS, type HallRuntime, type HallSnapshot, type QueueEvent, type Ticket } from '../../domain/types.ts'
import type { TicketView, WindowState, WindowStatus } from '../../domain/types.ts'
import type * as Port from '../port.ts'
import { configureHall } from './configure.ts'
import type { HallArgs } from './hall-args.ts'
import { HallCache } from './hall-cache.ts'
import { COUNTER_TTL_SEC, HALLS_KEY, IDEMPOTENCY_TTL_SEC, hallKeys } from './keys.ts'
import { LiveEvents } from './live-events.ts'
import { eventsSince, snapshotOf, ticketView } from './reads.ts'
import { ScriptRunner, type ScriptCall } from './script-runner.ts'
import { Scripts } from './scripts.ts'

const PING_TIMEOUT_MS = 1000

function windowOf(h: HallArgs, window: string): string {
  if (!h.runtime.windows[window])
    throw new QmsError('QMS_ERR_WINDOW_NOT_FOUND', `window ${window} not found in hall ${h.hall}`)
  return window
}

/**
 * The connection for live events. ioredis 5.8+ can send its ready check (`INFO`) after a
 * `SUBSCRIBE` queued while connecting (redis/ioredis#2037): Redis refuses it in subscriber mode,
 * the ready check fails, and the subscriber reconnects in a loop delivering nothing — every live
 * socket and the MQTT publisher of a freshly started core went silent. A subscriber needs no
 * ready check (its commands wait in the offline queue until the connection is up).
 */
function subscriberFor(redis: Redis | Cluster): Redis | Cluster {
  if (!redis.isCluster) return (redis as Redis).duplicate({ enableReadyCheck: false })
  const cluster = redis as Cluster
  return cluster.duplicate(undefined, { redisOptions: { ...cluster.options.redisOptions, enableReadyCheck: false } })
}

export class RedisQueueStore implements Port.QueueStore {
  private readonly runner: ScriptRunner
  private readonly live: LiveEvents

  constructor(
    private readonly redis: Redis | Cluster,
    opts: { subscriber?: Redis | Cluster } = {},
  ) {
    this.runner = new ScriptRunner(new Scripts(redis), new HallCache(redis))
    const source = {
      channel: (hall: string) => hallKeys(hall).live,
      lastSeq: async (hall: string) => Number((await redis.hget(hallKeys(hall).hall, 'seq')) ?? 0),
      since: async (hall: string, seq: number, limit: number) => this.eventsSince(hall, seq, limit),
    }
    this.live = new LiveEvents(source, () => subscriberFor(redis), opts.subscriber)
  }

  configureHall(
    hall: string,
    document: unknown,
    runtime: HallRuntime,
    ctx: Port.OpContext,
  ): Promise<Port.ConfigureResult> {
    return configureHall(this.runner, this.redis, hall, document, runtime, ctx.now)
  }

  async getHall(hall: string): Promise<Port.StoredHall | null> {
    const [v, doc, rt] = await this.redis.hmget(hallKeys(hall).hall, 'v', 'doc', 'rt')
    if (v == null || rt == null) return null
    return { document: JSON.parse(doc ?? 'null'), runtime: JSON.parse(rt) as HallRuntime, version: Number(v) }
  }

  async listHalls(): Promise<string[]> {
    return (await this.redis.smembers(HALLS_KEY)).sort()
  }

  async issue(hall: string, req: Port.IssueRequest): Promise<Port.IssueResult> {
    const result = await this.mutate<Port.IssueResult>(hall, 'issue', req.now, (h) => {
      if (!h.runtime.services[req.service]) {
        throw new QmsError('QMS_ERR_SERVICE_NOT_FOUND', `service ${req.service} not found in hall ${hall}`)
      }
      const cls = req.priorityClass ?? NORMAL_CLASS
      const band = h.runtime.classBands.indexOf(cls)
      if (band < 0) throw new QmsError('QMS_ERR_UNKNOWN_PRIORITY_CLASS', `unknown priority class "${cls}"`)
      const { queues, svc } = h.issue(req.service)
      const k = h.keys
      const args = [
        req.ticketId,
        req.service,
        cls,
        band,
        req.idempotencyKey ?? '',
        req.date,
        COUNTER_TTL_SEC,
        IDEMPOTENCY_TTL_SEC,
        svc,
        req.orderAt ?? req.now,
        req.person?.key ?? '',
        req.person?.mask ?? '',
        req.reserved ? 1 : 0,
        req.etaSec !== undefined ? Math.max(0, Math.round(req.etaSec)) : '',
      ]
      const extraKeys = [k.counter(req.date), k.idempotency(req.date), k.person(req.date)]
      return { script: 'issue', extraKeys, queues, args }
    })
    if (result.created) return result
    // A replayed idempotency key: report the ticket's place now, as a read would.
    const view = await this.getTicket(hall, result.ticket.id)
    return { ticket: result.ticket, ahead: view?.ahead ?? 0, etaSec: view?.etaSec ?? 0, created: false }
  }

  callNext(hall: string, window: string, ctx: Port.OpContext): Promise<Port.CallResult> {
    return this.mutate(hall, 'call next', ctx.now, (h) => {
      const { queues, cfg } = h.call(windowOf(h, window))
      return { script: 'call-next', queues, args: [window, cfg] }
    })
  }

  recall(hall: string, window: string, ctx: Port.OpContext): Promise<Ticket> {
    return this.mutate(hall, 'recall', ctx.now, (h) => ({
      script: 'recall',
      args: [windowOf(h, window), h.runtime.rules.maxRecalls],
    }))
  }

  start(hall: string, id: string, ctx: Port.OpContext): Promise<Ticket> {
    return this.mutate(hall, 'start', ctx.now, () => ({ script: 'start', args: [id] }))
  }

  complete(hall: string, id: string, ctx: Port.OpContext & { outcome?: string }): Promise<Ticket> {
    return this.mutate(hall, 'complete', ctx.now, () => ({ script: 'complete', args: [id, ctx.outcome ?? ''] }))
  }

  noShow(hall: string, id: string, ctx: Port.OpContext): Promise<Ticket> {
    return this.mutate(hall, 'noShow', ctx.now, () => ({ script: 'no-show', args: [id] }))
  }

  hold(hall: string, id: string, ctx: Port.OpContext): Promise<Ticket> {
    return this.mutate(hall, 'hold', ctx.now, () => ({ script: 'hold', args: [id] }))
  }

  resume(hall: string, id: string, ctx: Port.OpContext): Promise<Ticket> {
    return this.mutate(hall, 'resume', ctx.now, () => ({ script: 'resume', args: [id] }))
  }

  transfer(hall: string, id: string, target: Port.TransferTarget, ctx: Port.OpContext): Promise<Ticket> {
    const [kind, targetId] = 'service' in target ? ['service', target.service] : ['window', target.window]
    return this.mutate(hall, 'transfer', ctx.now, (h) => ({
      script: 'transfer',
      queues: h.allQueues,
      args: [id, kind, targetId, h.services, h.bands],
    }))
  }

  requeue(hall: string, id: string, ctx: Port.OpContext): Promise<Ticket> {
    return this.mutate(hall, 'requeue', ctx.now, (h) => ({
      script: 'requeue',
      queues: h.allQueues,
      args: [id, h.runtime.rules.noShowRequeue, h.runtime.rules.maxRequeues, h.services, h.bands],
    }))
  }

  cancel(hall: string, id: string, ctx: Port.OpContext): Promise<Ticket> {
    return this.mutate(hall, 'cancel', ctx.now, (h) => ({ script: 'cancel', queues: h.allQueues, args: [id] }))
  }

  setWindowStatus(
    hall: string,
    window: string,
    status: WindowStatus,
    ctx: Port.OpContext & { reason?: string },
  ): Promise<WindowState> {
    const op = status === 'closed' ? 'close' : status === 'paused' ? 'pause' : 'open'
    return this.mutate(hall, op, ctx.now, (h) => ({
      script: 'set-window-status',
      queues: h.allQueues,
      args: [windowOf(h, window), status, JSON.stringify(ctx.reason ?? null), h.services, h.bands],
    }))
  }

  async getTicket(hall: string, id: string): Promise<TicketView | null> {
    const h = await this.runner.cache.get(hall)
    return h ? ticketView(this.runner, h, id) : null
  }

  async snapshot(hall: string, ctx: Port.OpContext): Promise<HallSnapshot> {
    const snap = await snapshotOf(this.runner, await this.runner.hall(hall), ctx.now)
    if (snap) return snap
    // The configuration changed since it was cached: read it again and retry once.
    const fresh = await this.runner.cache.reload(hall)
    const retried = fresh && (await snapshotOf(this.runner, fresh, ctx.now))
    if (!retried) throw new QmsError('QMS_ERR_UNAVAILABLE', `hall ${hall} is being reconfigured; retry`)
    return retried
  }

  async hallMeta(hall: string): Promise<{ version: number; seq: number } | null> {
    const [v, seq] = await this.redis.hmget(hallKeys(hall).hall, 'v', 'seq')
    return v == null ? null : { version: Number(v), seq: Number(seq ?? 0) }
  }

  /** Two small hashes in one round trip (waiting counts, window statuses) instead of a snapshot,
   *  which reads every window and, for the oldest wait, every waiting ticket. */
  async serviceLoad(hall: string): Promise<Port.ServiceLoad[]> {
    const h = await this.runner.hall(hall)
    const replies = (await this.redis.pipeline().hgetall(h.keys.wc).hgetall(h.keys.ws).exec()) ?? []
    for (const [err] of replies)
      if (err) throw new QmsError('QMS_ERR_UNAVAILABLE', 'the queue store (Redis) is unavailable')
    const [waiting, statuses] = replies.map(([, v]) => v as Record<string, string>)
    return h.runtime.serviceOrder.map((id) => ({
      id,
      waiting: Math.max(0, Number(waiting?.[id] ?? 0)),
      openWindows: h.runtime.services[id]!.windows.filter((w) => statuses?.[w] === 'open').length,
    }))
  }

  async eventsSince(hall: string, since: number, limit: number): Promise<QueueEvent[]> {
    return eventsSince(this.redis, await this.runner.hall(hall), since, limit)
  }

  subscribe(hall: string, listener: Port.EventListener): Promise<() => Promise<void>> {
    return this.live.subscribe(hall, listener)
  }

  async ping(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, PING_TIMEOUT_MS, false)))
    const pong = this.redis.ping().then(
      (r) => r === 'PONG',
      () => false,
    )
    try {
      return await Promise.race([pong, timeout])
    } finally {
      clearTimeout(timer)
    }
  }

  async close(): Promise<void> {
    await this.live.close()
    await this.redis.quit().catch(() => undefined)
  }

  private mutate<T>(hall: string, op: string, now: number, build: (h: HallArgs) => ScriptCall): Promise<T> {
    return this.runner.mutate<T>(hall, op, now, build)
  }
}
