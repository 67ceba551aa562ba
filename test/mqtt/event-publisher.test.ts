// The core's event publisher: every event of every hall (also halls created later), in seq order,
// QoS 1 and not retained, with gaps in the live feed filled from eventsSince.
import { randomBytes, randomUUID } from 'node:crypto'
import t from 'tap'
import mqtt from 'mqtt'
import { isoInZone } from '../../src/domain/iso-time.ts'
import type { EventMessage } from '../../src/mqtt/event-message.ts'
import { startEmbeddedBroker } from '../../src/mqtt/embedded-broker.ts'
import { startEventPublisher } from '../../src/mqtt/event-publisher.ts'
import { MemoryQueueStore } from '../../src/store/memory/memory-store.ts'
import type { QueueStore } from '../../src/store/port.ts'
import { buildHallRuntime, hallDocument, type HallSpec } from '../helpers/hall-runtime.ts'

const SPEC: HallSpec = { services: [{ id: 'A' }], windows: [{ id: 'W1', services: ['A'] }] }
const DATE = '2026-03-02'

t.test('ISO 8601 times carry the hall offset', async (t) => {
  const ms = Date.UTC(2026, 2, 2, 1, 15, 30, 45) // 2026-03-02T01:15:30.045Z
  t.equal(isoInZone(ms, 'Asia/Shanghai'), '2026-03-02T09:15:30.045+08:00')
  t.equal(isoInZone(ms, 'Asia/Kolkata'), '2026-03-02T06:45:30.045+05:30')
  t.equal(isoInZone(ms, 'America/New_York'), '2026-03-01T20:15:30.045-05:00')
  t.equal(isoInZone(Date.UTC(2026, 6, 1, 12), 'America/New_York'), '2026-07-01T08:00:00-04:00', 'summer time')
  t.equal(isoInZone(ms, 'UTC'), '2026-03-02T01:15:30.045+00:00')
  for (const tz of ['Asia/Shanghai', 'America/New_York', 'Asia/Kolkata'])
    t.equal(Date.parse(isoInZone(ms, tz)), ms, `${tz} parses back to the same instant`)
})

/** The memory store with a lossy live feed (as Redis pub/sub may be): every third event is not delivered. */
function lossy(store: MemoryQueueStore): QueueStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'subscribe')
        return (hall: string, listener: (e: { seq: number }) => void) =>
          target.subscribe(hall, (ev) => ev.seq % 3 !== 0 && listener(ev))
      const v = Reflect.get(target, prop, receiver) as unknown
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
    },
  }) as QueueStore
}

t.test('publishes every event in order, fills gaps, follows new halls', async (t) => {
  const broker = await startEmbeddedBroker({ secret: null, port: 0 })
  t.teardown(() => broker.close())
  const store = new MemoryQueueStore()
  const hall1 = `pub-${randomUUID().slice(0, 8)}`
  const hall2 = `pub-${randomUUID().slice(0, 8)}`
  await store.configureHall(hall1, hallDocument(hall1, SPEC), buildHallRuntime(hall1, SPEC), { now: Date.now() })
  await store.setWindowStatus(hall1, 'W1', 'open', { now: Date.now() }) // seq 2: before the publisher starts

  const received: { topic: string; msg: EventMessage; qos: number; retain: boolean }[] = []
  const sub = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 })
  t.teardown(() => sub.endAsync())
  sub.on('message', (topic, payload, packet) =>
    received.push({
      topic,
      msg: JSON.parse(payload.toString()) as EventMessage,
      qos: packet.qos,
      retain: packet.retain,
    }),
  )
  await sub.subscribeAsync('qms/v1/+/events/#', { qos: 1 })

  const client = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 })
  t.teardown(() => client.endAsync())
  const publisher = await startEventPublisher({ store: lossy(store), mqtt: client, rescanMs: 50 })
  t.teardown(() => publisher.close())

  for (let i = 0; i < 4; i++)
    await store.issue(hall1, {
      service: 'A',
      date: DATE,
      ticketId: randomBytes(16).toString('base64url'),
      now: Date.now() + i,
    })
  const called = await store.callNext(hall1, 'W1', { now: Date.now() + 10 })
  await store.callNext(hall1, 'W1', { now: Date.now() + 20 }) // done + called
  // A hall configured after the publisher started is picked up by the rescan.
  await store.configureHall(hall2, hallDocument(hall2, SPEC), buildHallRuntime(hall2, SPEC), { now: Date.now() })
  while (!publisher.halls().includes(hall2)) await new Promise((r) => setTimeout(r, 20))
  await store.setWindowStatus(hall2, 'W1', 'open', { now: Date.now() })
  await store.setWindowStatus(hall2, 'W1', 'paused', { now: Date.now(), reason: 'break' })

  const deadline = Date.now() + 5000
  const seqsOf = (h: string) => received.filter((r) => r.msg.hall === h).map((r) => r.msg.seq)
  while ((seqsOf(hall1).length < 7 || seqsOf(hall2).length < 2) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20))
  await publisher.flush()
  t.same(
    seqsOf(hall1),
    [3, 4, 5, 6, 7, 8, 9],
    'hall 1: from where it started, no gap, no duplicate (3, 6, 9 came from eventsSince)',
  )
  t.same(seqsOf(hall2), [2, 3], 'hall 2: from its configuration on')
  const call = received.find((r) => r.msg.hall === hall1 && r.msg.type === 'ticket.called')!
  t.equal(call.topic, `qms/v1/${hall1}/events/ticket.called`)
  t.match(call.msg, {
    id: `${hall1}:${call.msg.seq}`,
    number: called.ticket!.number,
    service: 'A',
    window: 'W1',
    ticket: called.ticket!.id,
  })
  t.match(call.msg.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$/)
  t.ok(
    received.every((r) => r.qos === 1 && !r.retain),
    'QoS 1, never retained',
  )
  t.match(received.find((r) => r.msg.hall === hall2 && r.msg.seq === 3)?.msg, {
    type: 'window.status',
    status: 'paused',
    data: { reason: 'break' },
  })
})
