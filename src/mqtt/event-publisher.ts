// Publishes every queue event of every hall to `qms/v1/{hall}/events/{type}` (QoS 1, not retained).
// Follows all halls through the QueueStore port: listHalls() now and every `rescanMs`, one
// subscription per hall. Events are published strictly in seq order per hall; a gap in the live
// feed is filled from eventsSince (when the next event shows it, or within `catchUpMs`, a minute by
// default, at the latest), duplicates are dropped. Publishing starts at the hall's current
// seq: history is not replayed (consumers needing state read snapshots or retained device topics).
import type { MqttClient } from 'mqtt'
import type { Logger } from 'pino'
import type { QueueEvent } from '../domain/types.ts'
import type { QueueStore } from '../store/port.ts'
import { toEventMessage } from './event-message.ts'
import { eventTopic } from './topics.ts'
import { batchWritesThisTurn } from '../system/write-batching.ts'

export interface EventPublisherOptions {
  store: QueueStore
  mqtt: MqttClient
  log?: Logger
  rescanMs?: number // how often to look for new halls (default 5000)
  /** How often each hall's history is checked for events the live feed lost (default 12 rescans). */
  catchUpMs?: number
  now?: () => number
}

export interface EventPublisher {
  /** Halls currently followed. */
  halls(): string[]
  /** Resolves once every event received so far has been published and acknowledged by the broker. */
  flush(): Promise<void>
  close(): Promise<void>
}

const GAP_FILL_BATCH = 500
/** Each hall's history is checked for lost events once every this many rescans (a minute by default). */
const CATCH_UP_RESCANS = 12
const FOLLOW_BATCH = 32

interface HallFeed {
  last: number
  /** When the hall's history is next checked for events the live feed lost (catchUp). */
  nextCheck: number
  timezone: string
  chain: Promise<void>
  unsubscribe: (() => Promise<void>) | null
}

export async function startEventPublisher(opts: EventPublisherOptions): Promise<EventPublisher> {
  const { store, mqtt, log } = opts
  const feeds = new Map<string, HallFeed>()
  const rescanMs = opts.rescanMs ?? 5000
  const catchUpMs = opts.catchUpMs ?? CATCH_UP_RESCANS * rescanMs
  const starting = new Set<string>() // halls whose subscription is being set up (rescans overlap)
  let closed = false

  const unacked = new Set<Promise<void>>()
  // Not awaited: the client sends publishes in call order on its one connection (and resends the
  // unacknowledged QoS 1 ones after a reconnect), so waiting for each PUBACK would only cap a hall
  // at one event per broker round trip and queue the rest behind it under load.
  const publish = (ev: QueueEvent, feed: HallFeed): void => {
    const body = JSON.stringify(toEventMessage(ev, feed.timezone))
    batchWritesThisTurn(mqtt.stream as unknown as { cork(): void; uncork(): void } | undefined)
    const sent: Promise<void> = mqtt
      .publishAsync(eventTopic(ev.hall, ev.type), body, { qos: 1, retain: false })
      .then(
        () => undefined,
        (err: unknown) => log?.error({ err, hall: ev.hall, seq: ev.seq }, 'mqtt event publish failed'),
      )
      .finally(() => unacked.delete(sent))
    unacked.add(sent)
  }

  /** Called in order through feed.chain; publishes ev after any missing predecessors. */
  const deliver = async (hall: string, feed: HallFeed, ev: QueueEvent): Promise<void> => {
    if (ev.seq <= feed.last) return
    while (ev.seq > feed.last + 1) {
      const missing = await store.eventsSince(hall, feed.last, Math.min(GAP_FILL_BATCH, ev.seq - feed.last - 1))
      if (missing.length === 0) break // trimmed history: publish what we have
      for (const m of missing) {
        if (m.seq >= ev.seq) break
        publish(m, feed)
        feed.last = m.seq
      }
      if (missing[missing.length - 1]!.seq >= ev.seq - 1) break
    }
    if (ev.type === 'hall.configured') await refreshTimezone(hall, feed)
    publish(ev, feed)
    feed.last = ev.seq
  }

  const refreshTimezone = async (hall: string, feed: HallFeed): Promise<void> => {
    const stored = await store.getHall(hall)
    if (stored) feed.timezone = stored.runtime.timezone
  }

  const follow = async (hall: string): Promise<void> => {
    if (feeds.has(hall) || starting.has(hall)) return
    starting.add(hall)
    try {
      await subscribeHall(hall)
    } finally {
      starting.delete(hall)
    }
  }

  const subscribeHall = async (hall: string): Promise<void> => {
    const stored = await store.getHall(hall)
    // Only the seq is needed: the store's small meta read when it has one (a snapshot reads every
    // window and waiting ticket, which with thousands of halls made the start take minutes).
    const meta = store.hallMeta ? await store.hallMeta(hall) : null
    const from = meta ? meta.seq : (await store.snapshot(hall, { now: opts.now?.() ?? Date.now() })).seq
    const feed: HallFeed = {
      last: from,
      // Checks are spread over the interval, so thousands of halls do not all fall due at once.
      nextCheck: Date.now() + Math.random() * catchUpMs,
      timezone: stored?.runtime.timezone ?? 'UTC',
      chain: Promise.resolve(),
      unsubscribe: null,
    }
    feeds.set(hall, feed)
    feed.unsubscribe = await store.subscribe(hall, (ev) => {
      feed.chain = feed.chain
        .then(() => deliver(hall, feed, ev))
        .catch((err: unknown) => log?.error({ err, hall, seq: ev.seq }, 'mqtt event publish failed'))
    })
    log?.info({ hall, from }, 'publishing hall events to MQTT')
  }

  /** A lost live event is noticed when the next one arrives; this also recovers the last ones of
   *  a quiet spell: every `catchUpMs`, anything past `last` in the hall's history is published
   *  (asked with the small meta read first, when the store has it). */
  const catchUp = (hall: string, feed: HallFeed): void => {
    feed.chain = feed.chain
      .then(async () => {
        const meta = store.hallMeta ? await store.hallMeta(hall) : null
        if (meta && meta.seq <= feed.last) return
        for (const ev of await store.eventsSince(hall, feed.last, GAP_FILL_BATCH)) await deliver(hall, feed, ev)
      })
      .catch((err: unknown) => log?.error({ err, hall }, 'mqtt event catch-up failed'))
  }

  const rescan = async (): Promise<void> => {
    if (closed) return
    try {
      const now = Date.now()
      for (const [hall, feed] of feeds) {
        if (feed.nextCheck > now) continue
        feed.nextCheck = now + catchUpMs
        catchUp(hall, feed)
      }
      // New halls are followed a few at a time (thousands at start-up).
      const fresh = (await store.listHalls()).filter((h) => !feeds.has(h))
      for (let i = 0; i < fresh.length && !closed; i += FOLLOW_BATCH) {
        await Promise.all(fresh.slice(i, i + FOLLOW_BATCH).map((h) => follow(h)))
      }
    } catch (err) {
      log?.error({ err }, 'listing halls for MQTT events failed')
    }
  }

  await rescan()
  const timer = setInterval(() => void rescan(), rescanMs)
  timer.unref()

  return {
    halls: () => [...feeds.keys()],
    flush: async () => {
      await Promise.all([...feeds.values()].map((f) => f.chain))
      await Promise.all([...unacked])
    },
    close: async () => {
      closed = true
      clearInterval(timer)
      for (const feed of feeds.values()) {
        await feed.chain
        await feed.unsubscribe?.()
      }
      feeds.clear()
      // Unacknowledged publishes stay with the client (mqtt.js resends them or ends with them).
    },
  }
}
