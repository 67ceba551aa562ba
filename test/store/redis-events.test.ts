// The event stream as stored in Redis: entry id `<seq>-0`, one field `e`, the same JSON that is
// published live, and events that agree with what each operation returned.
import { Redis } from 'ioredis'
import t from 'tap'
import type { QueueEvent } from '../../src/domain/types.ts'
import { hallKeys } from '../../src/store/redis/keys.ts'
import { RedisQueueStore } from '../../src/store/redis/redis-store.ts'
import { REDIS_URL } from '../helpers/services.ts'
import { DATE, newTicketId } from './contract/harness.ts'
import { T0, redisHall } from './redis-fixture.ts'

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 10))
}

t.test('stream entries: id <seq>-0, field e, events agree with the results', async (t) => {
  const fx = await redisHall(t, {
    services: [{ id: 'A', meanHandlingSec: 120 }, { id: 'B' }],
    windows: [
      { id: 'W1', services: ['A', 'B'] },
      { id: 'W2', services: ['B'] },
    ],
  })
  if (!fx) return void t.plan(0, 'Redis not reachable')
  const { store, redis, hall } = fx
  let now = T0
  const ctx = (): { now: number } => ({ now: (now += 1000) })
  const last = async (n = 1): Promise<QueueEvent[]> => (await store.eventsSince(hall, 0, 1000)).slice(-n)

  await store.setWindowStatus(hall, 'W1', 'open', ctx())
  const [opened] = await last()
  t.match(opened, { type: 'window.status', window: 'W1', status: 'open', data: { reason: null }, at: now })

  const issued = [] as Awaited<ReturnType<typeof store.issue>>[]
  for (const cls of ['normal', 'green', 'normal']) {
    issued.push(
      await store.issue(hall, { service: 'A', priorityClass: cls, date: DATE, ticketId: newTicketId(), ...ctx() }),
    )
    const [e] = await last()
    const r = issued.at(-1)!
    t.same(
      { ...e, seq: 0 },
      {
        seq: 0,
        type: 'ticket.issued',
        at: now,
        hall,
        ticket: r.ticket.id,
        number: r.ticket.number,
        service: 'A',
        class: cls,
        status: 'waiting',
        data: { issuedAt: now, ahead: r.ahead, etaSec: r.etaSec },
      },
      `issued ${r.ticket.number}`,
    )
  }
  t.same(
    issued.map((r) => [r.ahead, r.etaSec]),
    [
      [0, 0],
      [0, 0],
      [2, 240],
    ],
    'the green ticket went ahead of the first',
  )

  const first = await store.callNext(hall, 'W1', ctx())
  t.match(await last(), [
    { type: 'ticket.called', ticket: first.ticket!.id, window: 'W1', status: 'called', data: { rule: 'priority' } },
  ])
  const second = await store.callNext(hall, 'W1', ctx())
  const [done, called] = await last(2)
  t.match(done, {
    type: 'ticket.done',
    ticket: first.ticket!.id,
    status: 'done',
    data: { outcome: 'completed', auto: true },
  })
  t.same(second.completed, { ...first.ticket, status: 'done', outcome: 'completed', finishedAt: now })
  t.match(called, { type: 'ticket.called', ticket: second.ticket!.id, data: { rule: second.ticket!.rule } })

  const moved = await store.transfer(hall, second.ticket!.id, { service: 'B' }, ctx())
  t.match(await last(), [
    {
      type: 'ticket.transferred',
      ticket: moved.id,
      service: 'B',
      status: 'waiting',
      data: { from: 'w:W1', to: 's:B' },
    },
  ])

  const raw = await redis.xrange(hallKeys(hall).ev, '-', '+')
  t.same(
    raw.map(([id]) => id),
    raw.map((_, i) => `${i + 1}-0`),
    'entry ids are <seq>-0 from 1',
  )
  t.ok(
    raw.every(([, fields]) => fields.length === 2 && fields[0] === 'e'),
    'one field, e',
  )
  t.same(
    raw.map(([, f]) => JSON.parse(f[1]!)),
    await store.eventsSince(hall, 0, 1000),
  )
  t.equal(Number(await redis.hget(hallKeys(hall).hall, 'seq')), raw.length, 'hall seq = last entry')

  // An archiver folding ticket events gets every ticket's current status and window.
  const rows = new Map<string, { status?: string; window?: string; number?: string }>()
  for (const e of await store.eventsSince(hall, 0, 1000)) {
    if (e.ticket) rows.set(e.ticket, { status: e.status, window: e.window, number: e.number })
  }
  for (const [id, row] of rows) {
    const v = await store.getTicket(hall, id)
    t.same(row, { status: v!.status, window: v!.window ?? undefined, number: v!.number }, `row of ${row.number}`)
  }
})

t.test('live events reach another instance in seq order; missed messages are read from the stream', async (t) => {
  const fx = await redisHall(t)
  if (!fx) return void t.plan(0, 'Redis not reachable')
  const { store: one, hall } = fx
  const subscriber = new Redis(REDIS_URL)
  const two = new RedisQueueStore(new Redis(REDIS_URL), { subscriber })
  t.teardown(() => two.close())
  const got: QueueEvent[] = []
  const unsubscribe = await two.subscribe(hall, (e) => got.push(e))
  const issue = (i: number) => one.issue(hall, { service: 'A', date: DATE, ticketId: newTicketId(), now: T0 + i })

  await issue(1)
  await until(() => got.length === 1)
  // Simulate a dropped subscription: three events are published while nobody listens.
  const channel = hallKeys(hall).live
  await subscriber.unsubscribe(channel)
  for (let i = 2; i <= 4; i++) await issue(i)
  await subscriber.subscribe(channel)
  await issue(5)
  await until(() => got.length === 5)
  t.same(
    got.map((e) => e.seq),
    [2, 3, 4, 5, 6],
    'events after the subscription, none lost, in order',
  )
  t.same(got, await one.eventsSince(hall, 1, 100), 'exactly the stored events')

  await unsubscribe()
  await issue(6)
  await new Promise((r) => setTimeout(r, 100))
  t.equal(got.length, 5, 'nothing after unsubscribing')
})
