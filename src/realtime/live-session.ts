// One client socket of a hall's live channel: a snapshot (or a replay of missed events) on
// connect, then every event in seq order, gap-free, however the feed delivers them.
import type { WebSocket } from 'ws'
import type { QueueEvent } from '../domain/types.ts'
import type { QueueStore } from '../store/port.ts'
import { CLOSE } from './close-codes.ts'
import type { HallFeeds } from './hall-feeds.ts'
import type { LiveViewer } from './live-auth.ts'
import type { ForecastMessage, LiveMessage } from './messages.ts'
import { eventMessageData, forecastFor, snapshotFor } from './redact.ts'
import { SeqGate } from './seq-gate.ts'
import { batchWritesThisTurn } from '../system/write-batching.ts'

export interface LiveSessionDeps {
  store: QueueStore
  feeds: HallFeeds
  clock: () => number
  /** Close the socket (4408) when more than this many bytes wait to be sent to it. */
  maxBufferedBytes: number
  /** `?since` replays at most this many events; further behind gets a snapshot. */
  maxReplayEvents: number
  /** How long a closing socket may take to flush its close frame before it is terminated. */
  closeGraceMs: number
  log: { warn(obj: object, msg: string): void; debug(obj: object, msg: string): void }
}

export class LiveSession {
  /** Set by the heartbeat before each ping, cleared by the pong; still set at the next tick = dead. */
  awaitingPong = false
  private closing = false
  private opened = false
  private release: (() => Promise<void>) | null = null
  private readonly gate: SeqGate

  constructor(
    readonly socket: WebSocket,
    readonly hall: string,
    private readonly viewer: LiveViewer,
    private readonly deps: LiveSessionDeps,
  ) {
    this.gate = new SeqGate({
      fetchSince: (since, limit) => deps.store.eventsSince(hall, since, limit),
      deliver: (event) => this.sendEvent(event),
      lost: () => this.sendSnapshot(), // too far behind to repair: start the client over
      error: (err) => deps.log.warn({ hall, err }, 'live: delivery failed'),
    })
    socket.on('pong', () => {
      this.awaitingPong = false
    })
  }

  /** Subscribes, sends the initial state, then streams. Throws if the store fails meanwhile. */
  async open(since: number | null): Promise<void> {
    // Subscribe first: events published while the snapshot is read are buffered by the gate and
    // those already in the snapshot (seq <= its seq) are dropped when it starts.
    this.release = await this.deps.feeds.acquire(this.hall, (event) => this.gate.push(event))
    if (this.closing) return this.dispose()
    const baseline = since === null ? await this.sendSnapshot() : await this.resume(since)
    this.gate.start(baseline)
    this.opened = true
  }

  /** An unsequenced forecast (after the initial state only); `fullData` is shared by staff viewers. */
  sendForecast(message: ForecastMessage, fullData: Buffer): void {
    if (!this.opened) return
    if (this.viewer.kind !== 'ticket') return this.sendText(fullData)
    const own = forecastFor(this.viewer, message)
    if (own) this.sendText(JSON.stringify(own))
  }

  /** Heartbeat tick: also catches a client too slow to drain what it was already sent. */
  checkSlow(): boolean {
    if (this.socket.bufferedAmount <= this.deps.maxBufferedBytes) return false
    this.close(CLOSE.SLOW_CONSUMER, 'slow consumer')
    return true
  }

  close(code: number, reason: string): void {
    if (this.closing) return
    this.closing = true
    this.gate.close()
    this.socket.close(code, reason)
    // A client that stopped reading never acknowledges the close frame.
    setTimeout(() => this.socket.terminate(), this.deps.closeGraceMs).unref()
  }

  /** Called once the socket is closed: gives the feed back. */
  async dispose(): Promise<void> {
    this.closing = true
    this.gate.close()
    const release = this.release
    this.release = null
    await release?.()
  }

  /** Lets tests and shutdown wait until queued events are handled. */
  idle(): Promise<void> {
    return this.gate.idle()
  }

  private async sendSnapshot(): Promise<number> {
    const snapshot = await this.deps.store.snapshot(this.hall, { now: this.deps.clock() })
    this.send({ type: 'snapshot', seq: snapshot.seq, snapshot: snapshotFor(this.viewer, snapshot) })
    return snapshot.seq
  }

  /**
   * `?since=N`: replay the missed events when all of them are still in the store and there are
   * not too many; otherwise a fresh snapshot. Returns the seq the client is now at.
   */
  private async resume(since: number): Promise<number> {
    const max = this.deps.maxReplayEvents
    const missed = await this.deps.store.eventsSince(this.hall, since, max + 1)
    const complete = missed.length <= max && missed.every((e, i) => e.seq === since + 1 + i)
    if (!complete) return this.sendSnapshot()
    if (missed.length === 0) {
      // Nothing newer, or a `since` from the future (the store was reset): only the snapshot's
      // seq can tell which.
      const snapshot = await this.deps.store.snapshot(this.hall, { now: this.deps.clock() })
      if (snapshot.seq !== since) {
        this.send({ type: 'snapshot', seq: snapshot.seq, snapshot: snapshotFor(this.viewer, snapshot) })
        return snapshot.seq
      }
    }
    this.send({ type: 'resumed', seq: since })
    for (const event of missed) this.sendEvent(event)
    return missed.at(-1)?.seq ?? since
  }

  private sendEvent(event: QueueEvent): void {
    this.sendText(eventMessageData(this.viewer, event))
  }

  private send(message: LiveMessage): void {
    this.sendText(JSON.stringify(message))
  }

  /** A text frame; shared messages come as UTF-8 bytes already (encoded once for every socket). */
  private sendText(text: string | Buffer): void {
    if (this.closing || this.socket.readyState !== this.socket.OPEN) return
    // Drop the client rather than let its unsent backlog grow without bound in our memory.
    if (this.checkSlow()) return
    // Events that arrive in one turn (one Redis read often carries several) leave in one write.
    batchWritesThisTurn((this.socket as unknown as { _socket?: { cork(): void; uncork(): void } })._socket)
    this.socket.send(text, { binary: false })
  }
}
