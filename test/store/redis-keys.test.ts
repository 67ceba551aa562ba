// Redis Cluster readiness: every key a script touches is declared in KEYS and all of a hall's keys
// hash to one slot (the `{<hall>}` tag), so one script per operation runs on one cluster node.
import { createRequire } from 'node:module'
import t from 'tap'
import { HALLS_KEY, hallKeys } from '../../src/store/redis/keys.ts'
import { Scripts } from '../../src/store/redis/scripts.ts'
import { DATE, newTicketId } from './contract/harness.ts'
import { T0, redisHall } from './redis-fixture.ts'

// The CRC16 slot function ioredis itself routes cluster commands with.
const keySlot = createRequire(import.meta.url)('cluster-key-slot') as (key: string) => number

t.test('keys.ts: every hall key carries the hall tag; qms:halls is the only global key', async (t) => {
  const k = hallKeys('h-1')
  const keys = [
    k.hall,
    k.win,
    k.tk,
    k.ev,
    k.wc,
    k.ws,
    k.counter(DATE),
    k.idempotency(DATE),
    k.person(DATE),
    k.queue('s:A'),
    k.queue('w:W1'),
  ]
  for (const key of keys) t.equal(keySlot(key), keySlot('{h-1}'), key)
  t.equal(new Set(keys).size, keys.length, 'all distinct')
  t.notMatch(HALLS_KEY, /\{/)
})

t.test('a full day on one hall: keys declared per script and stored keys all in the hall slot', async (t) => {
  const fx = await redisHall(t, {
    services: [{ id: 'A' }, { id: 'B', mode: 'assigned' }],
    windows: [
      { id: 'W1', services: ['A', 'B'] },
      { id: 'W2', services: ['B'] },
    ],
  })
  if (!fx) return void t.plan(0, 'Redis not reachable')
  const { store, redis, hall } = fx
  const slot = keySlot(`{${hall}}`)

  // Watch every script call this process makes (any store instance).
  const declared: string[][] = []
  const run = Scripts.prototype.run
  Scripts.prototype.run = function (name, keys, args) {
    declared.push(keys)
    return run.call(this, name, keys, args)
  }
  t.teardown(() => void (Scripts.prototype.run = run))

  let now = T0
  const tick = (): { now: number } => ({ now: (now += 1000) })
  await store.setWindowStatus(hall, 'W1', 'open', tick())
  await store.setWindowStatus(hall, 'W2', 'open', tick())
  const a = await store.issue(hall, {
    service: 'A',
    date: DATE,
    ticketId: newTicketId(),
    idempotencyKey: 'k1',
    ...tick(),
  })
  const b = await store.issue(hall, { service: 'B', date: DATE, ticketId: newTicketId(), ...tick() })
  await store.issue(hall, { service: 'B', date: DATE, ticketId: newTicketId(), ...tick() })
  const called = await store.callNext(hall, 'W1', tick())
  await store.start(hall, called.ticket!.id, tick())
  await store.hold(hall, called.ticket!.id, tick())
  await store.resume(hall, called.ticket!.id, tick())
  await store.recall(hall, 'W1', tick())
  await store.noShow(hall, called.ticket!.id, tick())
  await store.requeue(hall, called.ticket!.id, tick())
  await store.transfer(hall, a.ticket.id, { window: 'W2' }, tick())
  await store.cancel(hall, b.ticket.id, tick())
  await store.setWindowStatus(hall, 'W2', 'closed', tick())
  await store.callNext(hall, 'W1', tick())
  await store.complete(hall, (await store.snapshot(hall, tick())).windows[0]!.current!, tick())
  await store.getTicket(hall, a.ticket.id)

  t.ok(declared.length >= 17, `${declared.length} script calls seen`)
  for (const keys of declared) {
    t.same(
      keys.filter((key) => keySlot(key) !== slot),
      [],
      'every declared key is in the hall slot',
    )
  }
  const stored: string[] = []
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `*${hall}*`, 'COUNT', 500)
    stored.push(...keys)
    cursor = next
  } while (cursor !== '0')
  t.ok(stored.length >= 7, `${stored.length} keys stored`)
  t.same(
    stored.filter((key) => keySlot(key) !== slot),
    [],
    'every stored key is in the hall slot',
  )
  const everDeclared = new Set(declared.flat())
  t.same(
    stored.filter((key) => !everDeclared.has(key)),
    [],
    'every stored key was declared to some script',
  )
  t.ok((await redis.ttl(hallKeys(hall).counter(DATE))) > 0, 'daily counters expire')
  t.ok((await redis.ttl(hallKeys(hall).idempotency(DATE))) > 0, 'idempotency keys expire')
  t.ok(await redis.sismember(HALLS_KEY, hall), 'the hall is listed in qms:halls')
})
