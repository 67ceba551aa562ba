// Socket hygiene of the live channel: heartbeat, slow consumers, shutdown.
import { randomUUID } from 'node:crypto'
import { rm } from 'node:fs/promises'
import type { Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import WebSocket from 'ws'
import { CLOSE } from '../../src/realtime/close-codes.ts'
import { MemoryQueueStore } from '../../src/store/memory/memory-store.ts'
import { addToken, connectLive, eventSeqs, issue, newHallId, setupHall, startLiveApp } from '../helpers/live-app.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

t.test('heartbeat: a peer that answers pings stays, one that does not is dropped', async (t) => {
  const { baseUrl, store, tokens, app } = await startLiveApp(t, { live: { heartbeatMs: 150 } })
  const hall = newHallId()
  await setupHall(store, hall)
  const token = await addToken(tokens, 'display', [hall])
  const url = `${baseUrl}/api/v1/halls/${hall}/live?token=${token}`

  const alive = connectLive(baseUrl, hall, { token })
  const silent = new WebSocket(url, { autoPong: false }) // stands for a peer behind a cut network
  let silentCode: number | null = null
  silent.on('close', (code) => (silentCode = code))
  silent.on('error', () => {})
  await alive.waitCount(1)
  await sleep(1000) // several heartbeat periods
  t.equal(silentCode, 1006, 'terminated without a close handshake')
  t.equal(alive.ws.readyState, WebSocket.OPEN, 'the answering client is still connected')
  t.same(Object.fromEntries(app.liveHub.clientsByHall()), { [hall]: 1 })
  alive.ws.close()
})

t.test('a client that stops reading is closed with 4408 instead of growing the send buffer', async (t) => {
  const socketPath = join(tmpdir(), `qms-live-${randomUUID()}.sock`)
  t.teardown(() => rm(socketPath, { force: true }))
  const { baseUrl, store, tokens, app } = await startLiveApp(t, {
    live: { maxBufferedBytes: 64 * 1024, closeGraceMs: 30_000 },
    socketPath,
  })
  const hall = newHallId()
  await setupHall(store, hall)
  const c = connectLive(baseUrl, hall, { token: await addToken(tokens, 'display', [hall]) })
  await c.waitCount(1)
  // Stop reading at the socket level: the kernel buffer fills, then the server's send buffer grows.
  const tcp = (c.ws as unknown as { _socket: Socket })._socket
  tcp.pause()
  const serverSocket = [...app.websocketServer.clients][0]!
  let issued = 0
  while (serverSocket.readyState === WebSocket.OPEN && issued < 200_000) {
    for (let i = 0; i < 100; i++) await issue(store, hall)
    issued += 100
    await app.liveHub.idle()
  }
  t.equal(serverSocket.readyState, WebSocket.CLOSING, `closing after ${issued} events`)
  tcp.resume()
  const closed = await c.closed
  t.equal(closed.code, CLOSE.SLOW_CONSUMER)
  const seqs = eventSeqs(c.messages)
  t.ok(seqs.length < issued, 'the server stopped sending once the client was too slow')
  t.same(
    seqs,
    Array.from({ length: seqs.length }, (_, i) => 4 + i),
    'what it did get is gap-free',
  )
})

/** Answers getHall slowly, so a client can leave while its access is being checked. */
class SlowHallStore extends MemoryQueueStore {
  override async getHall(hall: string) {
    await sleep(150)
    return super.getHall(hall)
  }
}

t.test('a client that leaves during the access check leaves nothing behind', async (t) => {
  const store = new SlowHallStore()
  const { baseUrl, tokens, app } = await startLiveApp(t, { store })
  const hall = newHallId()
  await setupHall(store, hall)
  const c = connectLive(baseUrl, hall, { token: await addToken(tokens, 'display', [hall]) })
  c.ws.once('open', () => c.ws.close())
  await c.closed
  await sleep(400)
  t.same(Object.fromEntries(app.liveHub.clientsByHall()), {})
  t.same(app.liveHub.feeds.halls(), [], 'no store subscription left')
  t.equal(c.messages.length, 0)
})

t.test('shutdown closes live sockets with 1001 and releases the store subscription', async (t) => {
  const { baseUrl, store, tokens, app } = await startLiveApp(t)
  const hall = newHallId()
  await setupHall(store, hall)
  const c = connectLive(baseUrl, hall, { token: await addToken(tokens, 'display', [hall]) })
  await c.waitCount(1)
  await app.close()
  t.equal((await c.closed).code, CLOSE.GOING_AWAY)
  t.same(app.liveHub.feeds.halls(), [])
})
