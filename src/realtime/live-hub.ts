// Every live socket of this core instance: the shared hall feeds, the heartbeat that finds dead
// and slow sockets, per-hall client counts (for /metrics) and shutdown.
import type { WebSocket } from 'ws'
import type { QueueStore } from '../store/port.ts'
import { CLOSE } from './close-codes.ts'
import { HallFeeds } from './hall-feeds.ts'
import type { LiveViewer } from './live-auth.ts'
import { LiveSession, type LiveSessionDeps } from './live-session.ts'
import type { ForecastMessage } from './messages.ts'

export interface LiveHubOptions {
  heartbeatMs: number
  maxBufferedBytes: number
  maxReplayEvents: number
  closeGraceMs: number
  clock: () => number
}

export const LIVE_DEFAULTS: LiveHubOptions = {
  heartbeatMs: 30_000,
  maxBufferedBytes: 1024 * 1024,
  maxReplayEvents: 1000,
  closeGraceMs: 5_000,
  clock: Date.now,
}

type HubLog = LiveSessionDeps['log']

export class LiveHub {
  readonly feeds: HallFeeds
  private readonly sessions = new Set<LiveSession>()
  private readonly deps: LiveSessionDeps
  private readonly timer: NodeJS.Timeout

  constructor(
    store: QueueStore,
    log: HubLog,
    private readonly opts: LiveHubOptions,
  ) {
    this.feeds = new HallFeeds(store, log)
    this.deps = { ...opts, store, feeds: this.feeds, log }
    this.timer = setInterval(() => this.heartbeat(), opts.heartbeatMs).unref()
  }

  /** Connected clients per hall on this instance. */
  clientsByHall(): Map<string, number> {
    const counts = new Map<string, number>()
    for (const s of this.sessions) counts.set(s.hall, (counts.get(s.hall) ?? 0) + 1)
    return counts
  }

  /** Runs one connection until its socket closes. */
  async connect(socket: WebSocket, hall: string, viewer: LiveViewer, since: number | null): Promise<void> {
    // The access check was async: a client that left meanwhile has already fired 'close'.
    if (socket.readyState !== socket.OPEN) return
    const session = new LiveSession(socket, hall, viewer, this.deps)
    this.sessions.add(session)
    socket.once('close', () => {
      this.sessions.delete(session)
      void session.dispose()
    })
    try {
      await session.open(since)
    } catch (err) {
      this.deps.log.warn({ hall, err }, 'live: could not open the channel')
      session.close(CLOSE.INTERNAL, 'store unavailable')
    }
  }

  /** Sends a forecast to the hall's sockets on this instance (ticket holders: their own part). */
  broadcastForecast(hall: string, message: ForecastMessage): void {
    let fullData: Buffer | null = null
    for (const s of this.sessions) {
      if (s.hall !== hall) continue
      fullData ??= Buffer.from(JSON.stringify(message))
      s.sendForecast(message, fullData)
    }
  }

  /** Waits until every session has handled the events queued so far (tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.sessions].map((s) => s.idle()))
  }

  async close(): Promise<void> {
    clearInterval(this.timer)
    for (const s of this.sessions) s.close(CLOSE.GOING_AWAY, 'server shutting down')
    await Promise.all([...this.sessions].map((s) => s.dispose()))
    this.sessions.clear()
    await this.feeds.closeAll()
  }

  private heartbeat(): void {
    for (const s of this.sessions) {
      if (s.awaitingPong) {
        // No pong since the last tick: the peer is gone without a close (network cut, sleep).
        s.socket.terminate()
        continue
      }
      if (s.checkSlow()) continue
      s.awaitingPong = true
      try {
        s.socket.ping()
      } catch {
        s.socket.terminate() // not open any more; its close handler cleans up
      }
    }
  }
}
