// A small real Fastify app around the live plugin alone (store + token store decorated as
// src/app.ts does), listening on a random port, plus a `ws` client that records
// every message of the live channel.
import { randomBytes, randomUUID } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import WebSocket from 'ws'
import { hashSecret } from '../../src/auth/authenticate.ts'
import type { Role } from '../../src/auth/principal.ts'
import { MemoryTokenStore } from '../../src/auth/memory-token-store.ts'
import type { TokenRecord, TokenStore } from '../../src/auth/token-store.ts'
import type { LiveMessage } from '../../src/realtime/messages.ts'
import { livePlugin, type LivePluginOptions } from '../../src/realtime/live-plugin.ts'
import type { QueueStore } from '../../src/store/port.ts'
import { MemoryQueueStore } from '../../src/store/memory/memory-store.ts'
import { buildHallRuntime, hallDocument, type HallSpec } from './hall-runtime.ts'

/** Stores a token and returns its secret. */
export async function addToken(
  tokens: TokenStore,
  role: Role,
  halls: string[] | '*',
  extra: Partial<TokenRecord> = {},
): Promise<string> {
  const secret = randomBytes(24).toString('base64url')
  await tokens.put({
    id: `tok-${randomUUID()}`,
    hash: hashSecret(secret),
    role,
    halls,
    createdAt: Date.now(),
    expiresAt: null,
    revokedAt: null,
    ...extra,
  })
  return secret
}

export const BASIC_HALL: HallSpec = {
  services: [{ id: 'A' }, { id: 'B' }],
  windows: [
    { id: 'W1', services: ['A', 'B'] },
    { id: 'W2', services: ['A'] },
  ],
}

export const newHallId = (): string => `live-${randomUUID().slice(0, 8)}`
export const newTicketId = (): string => randomBytes(16).toString('base64url')
export const DATE = '2025-03-03'

/** Configures a hall with both windows open. */
export async function setupHall(store: QueueStore, hall: string, spec: HallSpec = BASIC_HALL): Promise<void> {
  await store.configureHall(hall, hallDocument(hall, spec), buildHallRuntime(hall, spec), { now: Date.now() })
  for (const w of spec.windows) await store.setWindowStatus(hall, w.id, 'open', { now: Date.now() })
}

let lastIssueAt = 0
/** Issues a ticket; each one strictly later than the one before, so queue order is issue order. */
export const issue = (store: QueueStore, hall: string, service = 'A', ticketId = newTicketId()) => {
  lastIssueAt = Math.max(Date.now(), lastIssueAt + 1)
  return store.issue(hall, { service, date: DATE, ticketId, now: lastIssueAt })
}

export interface LiveApp {
  app: FastifyInstance
  baseUrl: string // ws://127.0.0.1:port (or ws+unix://path:)
  httpUrl: string // '' on a Unix socket
  store: QueueStore
  tokens: TokenStore
}

export interface LiveAppOptions {
  store?: QueueStore
  live?: LivePluginOptions
  /** Listen on a Unix socket instead of TCP (its small kernel buffer makes backpressure quick). */
  socketPath?: string
  /** Registers more plugins (e.g. observability) before listening. */
  extend?: (app: FastifyInstance) => Promise<void>
}

export async function startLiveApp(t: Test, opts: LiveAppOptions = {}): Promise<LiveApp> {
  const store = opts.store ?? new MemoryQueueStore()
  const tokens = new MemoryTokenStore()
  const app = Fastify({ logger: false })
  app.decorate('store', store)
  app.decorate('tokens', tokens)
  await app.register(livePlugin, opts.live ?? {})
  await opts.extend?.(app)
  t.teardown(() => app.close())
  if (opts.socketPath) {
    await app.listen({ path: opts.socketPath })
    return { app, baseUrl: `ws+unix://${opts.socketPath}:`, httpUrl: '', store, tokens }
  }
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  return { app, baseUrl: `ws://127.0.0.1:${port}`, httpUrl: `http://127.0.0.1:${port}`, store, tokens }
}

export interface LiveClient {
  ws: WebSocket
  messages: LiveMessage[]
  /** Resolves with the first message (from the start) matching `pred`. */
  waitFor(pred: (m: LiveMessage) => boolean, timeoutMs?: number): Promise<LiveMessage>
  /** Resolves once `n` messages have arrived. */
  waitCount(n: number, timeoutMs?: number): Promise<LiveMessage[]>
  closed: Promise<{ code: number; reason: string }>
}

export function connectLive(
  baseUrl: string,
  hall: string,
  query: Record<string, string> = {},
  headers: Record<string, string> = {},
): LiveClient {
  const qs = new URLSearchParams(query).toString()
  const ws = new WebSocket(`${baseUrl}/api/v1/halls/${hall}/live${qs ? `?${qs}` : ''}`, { headers })
  const messages: LiveMessage[] = []
  const waiters = new Set<() => void>()
  ws.on('message', (data) => {
    messages.push(JSON.parse(String(data)) as LiveMessage)
    for (const w of [...waiters]) w()
  })
  ws.on('error', () => {}) // surfaces as a close
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      resolve({ code, reason: String(reason) })
      for (const w of [...waiters]) w()
    })
  })
  const until = <T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const run = (): void => {
        const v = check()
        if (v === undefined) return
        waiters.delete(run)
        clearTimeout(timer)
        resolve(v)
      }
      const timer = setTimeout(() => {
        waiters.delete(run)
        reject(new Error(`timed out waiting for ${what}; got ${messages.length} messages`))
      }, timeoutMs)
      waiters.add(run)
      run()
    })
  return {
    ws,
    messages,
    closed,
    waitFor: (pred, timeoutMs = 5000) => until(() => messages.find(pred), timeoutMs, 'a matching message'),
    waitCount: (n, timeoutMs = 5000) =>
      until(() => (messages.length >= n ? messages.slice(0, n) : undefined), timeoutMs, `${n} messages`),
  }
}

/** Event seqs of the event messages, in arrival order. */
export const eventSeqs = (messages: LiveMessage[]): number[] =>
  messages.flatMap((m) => (m.type === 'event' ? [m.seq] : []))
