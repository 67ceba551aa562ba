// The store on Redis Cluster: a private one-node cluster owning all 16384 slots. Cluster mode
// makes Redis refuse a script whose declared keys span slots (CROSSSLOT) and one that touches a
// key of another slot, so a full day of operations through ioredis' Cluster client checks that
// every script keeps to its hall's slot, and that subscribe (duplicate()) and purge work there.
import { Cluster, Redis } from 'ioredis'
import t, { type Test } from 'tap'
import type { QueueEvent } from '../../src/domain/types.ts'
import { purgeHall } from '../../src/store/redis/purge.ts'
import { RedisQueueStore } from '../../src/store/redis/redis-store.ts'
import { buildHallRuntime, hallDocument, type HallSpec } from '../helpers/hall-runtime.ts'
import { DATE, newHallId, newTicketId } from './contract/harness.ts'
import { T0, privateRedisUrl } from './redis-fixture.ts'

const SPEC: HallSpec = {
  services: [{ id: 'A' }, { id: 'B', mode: 'assigned' }],
  windows: [
    { id: 'W1', services: ['A', 'B'] },
    { id: 'W2', services: ['B'] },
  ],
}

async function oneNodeCluster(t: Test): Promise<{ host: string; port: number } | null> {
  const url = await privateRedisUrl(t, ['--cluster-enabled', 'yes', '--cluster-announce-ip', '127.0.0.1'])
  if (!url) return null
  const node = new Redis(url)
  t.teardown(() => node.quit())
  await node.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383')
  // A lone node reports cluster_state:ok about a second after it owns every slot.
  for (let i = 0; i < 100 && !/cluster_state:ok/.test(String(await node.call('CLUSTER', 'INFO'))); i++) {
    await new Promise((r) => setTimeout(r, 100))
  }
  const { hostname, port } = new URL(url)
  return { host: hostname, port: Number(port) }
}

t.test('a day of operations through ioredis Cluster', async (t) => {
  const node = await oneNodeCluster(t)
  if (!node) return void t.plan(0, 'no private redis-server')
  const cluster = new Cluster([node])
  const store = new RedisQueueStore(cluster)
  const hall = newHallId()
  t.teardown(() => store.close())

  await store.configureHall(hall, hallDocument(hall, SPEC), buildHallRuntime(hall, SPEC), { now: T0 })
  const got: QueueEvent[] = []
  const unsubscribe = await store.subscribe(hall, (e) => got.push(e))
  t.teardown(unsubscribe)
  let now = T0
  const ctx = (): { now: number } => ({ now: (now += 1000) })
  await store.setWindowStatus(hall, 'W1', 'open', ctx())
  await store.setWindowStatus(hall, 'W2', 'open', ctx())
  const a = await store.issue(hall, {
    service: 'A',
    date: DATE,
    ticketId: newTicketId(),
    idempotencyKey: 'k',
    ...ctx(),
  })
  const b = await store.issue(hall, { service: 'B', date: DATE, ticketId: newTicketId(), ...ctx() })
  t.equal(b.ticket.window, 'W1', 'assigned to the least loaded open window')
  const called = await store.callNext(hall, 'W1', ctx())
  t.equal(called.ticket?.id, b.ticket.id, 'the own queue first')
  await store.start(hall, b.ticket.id, ctx())
  await store.hold(hall, b.ticket.id, ctx())
  await store.resume(hall, b.ticket.id, ctx())
  await store.recall(hall, 'W1', ctx())
  await store.noShow(hall, b.ticket.id, ctx())
  await store.requeue(hall, b.ticket.id, ctx())
  await store.transfer(hall, a.ticket.id, { window: 'W2' }, ctx())
  await store.setWindowStatus(hall, 'W2', 'closed', ctx())
  await store.cancel(hall, a.ticket.id, ctx())
  const next = await store.callNext(hall, 'W1', ctx())
  t.equal(next.ticket?.id, b.ticket.id, 'the requeued ticket is called again')
  await store.complete(hall, b.ticket.id, { ...ctx(), outcome: 'done-ok' })

  t.match(await store.getTicket(hall, b.ticket.id), { status: 'done', outcome: 'done-ok', requeues: 1 })
  const snap = await store.snapshot(hall, ctx())
  const events = await store.eventsSince(hall, 0, 1000)
  t.equal(snap.seq, events.length, 'one gap-free stream')
  t.same(await store.listHalls().then((h) => h.includes(hall)), true)
  const until = Date.now() + 5000
  while (got.length < events.length - 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 10))
  t.same(got, events.slice(1), 'live events through the Cluster subscriber, in order')
  t.ok(await store.ping())

  t.ok((await purgeHall(cluster, hall)) >= 8, 'purge finds the keys on the node owning the slot')
  t.equal(await cluster.exists(`qms:{${hall}}:ev`, `qms:{${hall}}:tk`), 0, 'purged')
})
