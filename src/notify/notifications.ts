// Remote tickets: a citizen who took a number on the phone asks to be told when N people (or
// fewer) are ahead, and when the number is called. This follows the live events of every hall
// with watches (any core instance may run it; `claim` sends each message once), re-checks the
// watched tickets' places after each event, and hands messages to the Notifier. Addresses are
// sealed at rest and never logged; nothing here emits queue events, so nothing reaches displays
// or MQTT.
import { QmsError } from '../domain/errors.ts'
import type { QueueEvent } from '../domain/types.ts'
import type { Sealer } from '../identity/sealer.ts'
import type { QueueStore } from '../store/port.ts'
import { notificationText, type Notification, type NotificationKind, type Notifier } from './notifier.ts'
import type { Watch, WatchRegistry } from './watch-registry.ts'

interface Log {
  info(obj: object, msg: string): void
  warn(obj: object, msg: string): void
}

export interface NotificationsOptions {
  store: QueueStore
  registry: WatchRegistry
  notifier: Notifier
  sealer: Sealer
  now?: () => number
  /** How often the list of halls with watches is re-read (other instances add halls). Default 10 s. */
  rescanMs?: number
  log?: Log
}

const ENDS_WATCH = new Set(['ticket.done', 'ticket.cancelled'])
const silent: Log = { info: () => {}, warn: () => {} }

export class Notifications {
  private readonly followed = new Map<string, Promise<() => Promise<void>>>()
  private readonly chains = new Map<string, Promise<void>>()
  private readonly nearQueued = new Set<string>()
  private timer: NodeJS.Timeout | undefined
  private readonly log: Log
  private readonly now: () => number

  constructor(private readonly opts: NotificationsOptions) {
    this.log = opts.log ?? silent
    this.now = opts.now ?? Date.now
  }

  async start(): Promise<void> {
    await this.rescan()
    this.timer = setInterval(
      () => void this.rescan().catch((err: unknown) => this.log.warn({ err }, 'notify rescan failed')),
      this.opts.rescanMs ?? 10_000,
    )
    this.timer.unref()
  }

  async stop(): Promise<void> {
    clearInterval(this.timer)
    for (const unsubscribe of this.followed.values()) await (await unsubscribe)()
    this.followed.clear()
    await Promise.all(this.chains.values())
  }

  /** Watch a waiting ticket; returns at once (the first check runs in the background). */
  async register(hall: string, ticket: string, to: string, aheadAt: number): Promise<void> {
    const t = await this.opts.store.getTicket(hall, ticket)
    if (!t) throw new QmsError('QMS_ERR_TICKET_NOT_FOUND', 'ticket not found', { ticket })
    if (t.status !== 'waiting') {
      throw new QmsError(
        'QMS_ERR_INVALID_TRANSITION',
        `ticket ${t.number} is ${t.status}; only a waiting ticket can be watched`,
        { status: t.status },
      )
    }
    await this.opts.registry.put({ hall, ticket, to: this.opts.sealer.seal(to), aheadAt })
    await this.follow(hall)
    this.queueNearCheck(hall)
  }

  async unregister(hall: string, ticket: string): Promise<boolean> {
    const had = (await this.opts.registry.get(hall, ticket)) !== null
    await this.opts.registry.remove(hall, ticket)
    return had
  }

  /** Resolves when every check queued so far for the hall has run (tests, shutdown). */
  async settled(hall: string): Promise<void> {
    while (this.chains.get(hall)) {
      const chain = this.chains.get(hall)!
      await chain
      if (this.chains.get(hall) === chain) return
    }
  }

  private async rescan(): Promise<void> {
    for (const hall of await this.opts.registry.halls()) await this.follow(hall)
  }

  private follow(hall: string): Promise<unknown> {
    let sub = this.followed.get(hall)
    if (!sub) {
      sub = this.opts.store.subscribe(hall, (ev) => this.onEvent(hall, ev))
      this.followed.set(hall, sub)
    }
    return sub
  }

  private onEvent(hall: string, ev: QueueEvent): void {
    if (!ev.type.startsWith('ticket.')) return
    this.schedule(hall, () => this.handle(hall, ev))
    this.queueNearCheck(hall)
  }

  private queueNearCheck(hall: string): void {
    if (this.nearQueued.has(hall)) return
    this.nearQueued.add(hall)
    this.schedule(hall, async () => {
      this.nearQueued.delete(hall)
      await this.checkNear(hall)
    })
  }

  private schedule(hall: string, job: () => Promise<void>): void {
    const next = (this.chains.get(hall) ?? Promise.resolve())
      .then(job)
      .catch((err: unknown) => this.log.warn({ err, hall }, 'notification check failed'))
    this.chains.set(hall, next)
  }

  private async handle(hall: string, ev: QueueEvent): Promise<void> {
    if (!ev.ticket) return
    const watch = await this.opts.registry.get(hall, ev.ticket)
    if (!watch) return
    if (ev.type === 'ticket.called') {
      await this.sendOnce('called', watch, {
        number: ev.number ?? '',
        service: ev.service ?? '',
        ...(ev.window && { window: ev.window }),
      })
      await this.opts.registry.remove(hall, ev.ticket)
    } else if (ENDS_WATCH.has(ev.type)) await this.opts.registry.remove(hall, ev.ticket)
  }

  private async checkNear(hall: string): Promise<void> {
    for (const watch of await this.opts.registry.list(hall)) {
      const t = await this.opts.store.getTicket(hall, watch.ticket)
      if (!t || t.status !== 'waiting' || t.ahead > watch.aheadAt) continue
      await this.sendOnce('near', watch, {
        number: t.number,
        service: t.service,
        ahead: t.ahead,
        etaMinutes: Math.ceil(t.etaSec / 60),
      })
    }
  }

  private async sendOnce(
    kind: NotificationKind,
    watch: Watch,
    about: Partial<Notification> & { number: string; service: string },
  ): Promise<void> {
    if (!(await this.opts.registry.claim(watch.hall, watch.ticket, kind))) return
    const to = this.opts.sealer.open(watch.to)
    if (to === null) {
      this.log.warn(
        { hall: watch.hall, ticket: watch.ticket },
        'notification address cannot be opened (IDENTITY_KEY changed?)',
      )
      return
    }
    if (about.window) about.windowName = await this.windowName(watch.hall, about.window)
    const base = { kind, hall: watch.hall, ticket: watch.ticket, to, at: this.now(), ...about }
    const n: Notification = { ...base, id: `${watch.hall}:${watch.ticket}:${kind}`, text: notificationText(base) }
    try {
      await this.opts.notifier.send(n)
      this.log.info({ hall: watch.hall, ticket: watch.ticket, number: n.number, kind }, 'notification sent')
    } catch (err) {
      this.log.warn(
        { hall: watch.hall, ticket: watch.ticket, kind, error: (err as Error).message },
        'notification failed',
      )
    }
  }

  private async windowName(hall: string, window: string): Promise<string | undefined> {
    const doc = (await this.opts.store.getHall(hall))?.document as
      { windows?: { id: string; name?: string }[] } | undefined
    return doc?.windows?.find((w) => w.id === window)?.name
  }
}
