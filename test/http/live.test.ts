// The live channel's stream: snapshot then gap-free events, the snapshot/subscription seam,
// `?since` replay, and one shared store subscription per hall.
import t from 'tap'
import type { QueueEvent } from '../../src/domain/types.ts'
import type { EventListener } from '../../src/store/port.ts'
import { MemoryQueueStore } from '../../src/store/memory/memory-store.ts'
import { addToken, connectLive, eventSeqs, issue, newHallId, setupHall, startLiveApp } from '../helpers/live-app.ts'

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i)

t.test('snapshot first, then every event in seq order', async (t) => {
  const { baseUrl, store, tokens } = await startLiveApp(t)
  const hall = newHallId()
  await setupHall(store, hall)
  const token = await addToken(tokens, 'display', [hall])
  const c = connectLive(baseUrl, hall, { token })
  const [first] = await c.waitCount(1)
  t.equal(first!.type, 'snapshot')
  if (first!.type !== 'snapshot') return
  t.equal(first!.snapshot.hall, hall)
  t.equal(first!.seq, first!.snapshot.seq)
  t.equal(first!.seq, 3, 'configured + two windows opened')

  const a = await issue(store, hall, 'A')
  await issue(store, hall, 'B')
  const call = await store.callNext(hall, 'W1', { now: Date.now() })
  t.equal(call.ticket?.id, a.ticket.id)
  await c.waitCount(4)
  t.same(eventSeqs(c.messages), [4, 5, 6])
  t.same(
    c.messages.slice(1).map((m) => m.type === 'event' && [m.event.type, m.event.number]),
    [
      ['ticket.issued', 'A001'],
      ['ticket.issued', 'B001'],
      ['ticket.called', 'A001'],
    ],
  )
  c.ws.close()
})

/** Issues tickets around its snapshot read: some already in the snapshot, some just after it. */
class SeamStore extends MemoryQueueStore {
  override async snapshot(hall: string, ctx: { now: number }) {
    await issue(this, hall)
    await issue(this, hall)
    const snap = await super.snapshot(hall, ctx)
    await issue(this, hall)
    await issue(this, hall)
    return snap
  }
}

t.test('at the snapshot seam, events are neither lost nor duplicated', async (t) => {
  const store = new SeamStore()
  const { baseUrl, tokens } = await startLiveApp(t, { store })
  const hall = newHallId()
  await setupHall(store, hall)
  const token = await addToken(tokens, 'display', [hall])
  const c = connectLive(baseUrl, hall, { token })
  const [snap] = await c.waitCount(1)
  t.equal(snap!.seq, 5, 'the snapshot includes the two tickets issued before it was read')
  await c.waitFor((m) => m.seq === 7)
  t.same(eventSeqs(c.messages), [6, 7], 'the two issued after it follow, once each')
  await issue(store, hall)
  await c.waitFor((m) => m.seq === 8)
  t.same(eventSeqs(c.messages), [6, 7, 8])
  c.ws.close()
})

t.test('clients connecting while tickets are issued each get a gap-free stream', async (t) => {
  const { baseUrl, store, tokens } = await startLiveApp(t)
  const hall = newHallId()
  await setupHall(store, hall)
  const token = await addToken(tokens, 'clerk', [hall])
  const clients = Array.from({ length: 6 }, () => connectLive(baseUrl, hall, {}, { authorization: `Bearer ${token}` }))
  // Keep issuing until every client has its snapshot, so snapshots land at different seqs.
  let last = 3
  while (!clients.every((c) => c.messages.length > 0)) {
    last = (await issue(store, hall)) && last + 1
    await new Promise((r) => setImmediate(r))
  }
  for (let i = 0; i < 5; i++) last = (await issue(store, hall)) && last + 1
  for (const c of clients) {
    const snap = await c.waitFor((m) => m.type === 'snapshot')
    await c.waitFor((m) => m.seq === last)
    t.same(eventSeqs(c.messages), range((snap.seq ?? 0) + 1, last), `client from seq ${snap.seq}`)
    t.equal(c.messages[0]!.type, 'snapshot')
    c.ws.close()
  }
})

t.test('?since replays the missed events instead of a snapshot', async (t) => {
  const { baseUrl, store, tokens } = await startLiveApp(t, { live: { maxReplayEvents: 5 } })
  const hall = newHallId()
  await setupHall(store, hall)
  const token = await addToken(tokens, 'display', [hall])
  for (let i = 0; i < 3; i++) await issue(store, hall) // seq 4..6

  t.test('missed events still available', async (t) => {
    const c = connectLive(baseUrl, hall, { token, since: '3' })
    await c.waitCount(4)
    t.same(c.messages[0], { type: 'resumed', seq: 3 })
    t.same(eventSeqs(c.messages), [4, 5, 6])
    await issue(store, hall) // seq 7 arrives live after the replay
    await c.waitFor((m) => m.seq === 7)
    t.same(eventSeqs(c.messages), [4, 5, 6, 7])
    c.ws.close()
    await c.closed
  })

  t.test('nothing missed', async (t) => {
    const c = connectLive(baseUrl, hall, { token, since: '7' })
    await c.waitCount(1)
    t.same(c.messages[0], { type: 'resumed', seq: 7 })
    await issue(store, hall) // seq 8
    await c.waitFor((m) => m.seq === 8)
    t.same(eventSeqs(c.messages), [8])
    c.ws.close()
  })

  t.test('too far behind: a fresh snapshot', async (t) => {
    const c = connectLive(baseUrl, hall, { token, since: '1' }) // 7 missed > 5
    const [m] = await c.waitCount(1)
    t.equal(m!.type, 'snapshot')
    t.equal(m!.seq, 8)
    c.ws.close()
  })

  t.test('a since from the future (the store was reset): a fresh snapshot', async (t) => {
    const c = connectLive(baseUrl, hall, { token, since: '500' })
    const [m] = await c.waitCount(1)
    t.equal(m!.type, 'snapshot')
    t.equal(m!.seq, 8)
    c.ws.close()
  })
})

/** A memory store whose pub/sub is at-most-once and unordered, as Redis pub/sub across instances can be. */
class LossyStore extends MemoryQueueStore {
  subscribeCalls = 0
  activeListeners = 0
  drop = new Set<number>()
  swap = new Set<number>() // hold this seq back and deliver it after the next one

  override async subscribe(hall: string, listener: EventListener): Promise<() => Promise<void>> {
    this.subscribeCalls++
    this.activeListeners++
    let held: QueueEvent | null = null
    const off = await super.subscribe(hall, (e) => {
      if (this.drop.has(e.seq)) return
      if (this.swap.has(e.seq)) return void (held = e)
      listener(e)
      if (held) listener(held)
      held = null
    })
    return async () => {
      this.activeListeners--
      await off()
    }
  }
}

t.test('gaps from lost or reordered pub/sub messages are repaired from the store', async (t) => {
  const store = new LossyStore()
  const { baseUrl, tokens } = await startLiveApp(t, { store })
  const hall = newHallId()
  await setupHall(store, hall)
  const token = await addToken(tokens, 'display', [hall])
  const c = connectLive(baseUrl, hall, { token })
  await c.waitCount(1)
  store.drop = new Set([5, 6, 9])
  store.swap = new Set([11])
  for (let i = 0; i < 10; i++) await issue(store, hall) // seq 4..13
  await c.waitFor((m) => m.seq === 13)
  t.same(eventSeqs(c.messages), range(4, 13))
  const numbers = c.messages.flatMap((m) => (m.type === 'event' ? [m.event.number] : []))
  t.same(
    numbers,
    range(1, 10).map((n) => `A${String(n).padStart(3, '0')}`),
  )
  c.ws.close()
})

t.test('one store subscription per hall, shared and released', async (t) => {
  const store = new LossyStore()
  const { baseUrl, tokens, app } = await startLiveApp(t, { store })
  const hall = newHallId()
  await setupHall(store, hall)
  const token = await addToken(tokens, 'display', [hall])
  const clients = [0, 1, 2].map(() => connectLive(baseUrl, hall, { token }))
  for (const c of clients) await c.waitCount(1)
  t.equal(store.subscribeCalls, 1)
  t.same(Object.fromEntries(app.liveHub.clientsByHall()), { [hall]: 3 })

  clients[0]!.ws.close()
  await clients[0]!.closed
  await issue(store, hall)
  await clients[1]!.waitFor((m) => m.seq === 4)
  t.equal(store.activeListeners, 1, 'still subscribed while sockets remain')

  for (const c of clients.slice(1)) c.ws.close()
  await Promise.all(clients.map((c) => c.closed))
  await t.resolves(
    waitUntil(() => store.activeListeners === 0),
    'released with the last socket',
  )
  t.same(Object.fromEntries(app.liveHub.clientsByHall()), {})

  const again = connectLive(baseUrl, hall, { token })
  await again.waitCount(1)
  t.equal(store.subscribeCalls, 2, 'a new socket subscribes again')
  again.ws.close()
})

async function waitUntil(cond: () => boolean, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached')
    await new Promise((r) => setTimeout(r, 10))
  }
}
