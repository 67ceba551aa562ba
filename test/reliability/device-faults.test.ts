// Device faults on the MQTT side, through the whole device stack (core, event publisher, embedded
// broker with per-device credentials, firmware bridge, simulated devices):
//  - a keypad flooding its evt topic is rate-limited by the bridge (at most a burst of presses
//    reach the core, an alert says so) and cut off by the broker, while the other window's keypad,
//    display and speaker go on as before;
//  - a device dropped without a word is reported offline, the others are not affected, and it
//    shows the current state when it comes back (retained desired state).
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { nodeTopic } from '../../src/mqtt/topics.ts'
import type { QueueStore } from '../../src/store/port.ts'
import { nextMessage, startStack } from '../bridge/fixtures/stack.ts'
import { record } from './helpers/figures.ts'

const calledAt = async (store: QueueStore, hall: string, window: string): Promise<number> =>
  (await store.eventsSince(hall, 0, 100_000)).filter((e) => e.type === 'ticket.called' && e.window === window).length

t.test('a flooding keypad is limited and cut off; the rest of the hall goes on', async (t) => {
  const s = await startStack(t, { brokerUrl: null })
  for (let i = 0; i < 60; i++) await s.issue('social')
  const watcher = await s.mqttAs({ kind: 'bridge', hall: s.hall })
  const alerts: Record<string, unknown>[] = []
  watcher.on('message', (_topic, payload) => alerts.push(JSON.parse(payload.toString()) as Record<string, unknown>))
  await watcher.subscribeAsync(nodeTopic(s.hall, 'bridge', '+', 'evt/alert'), { qos: 1 })

  const states: unknown[] = []
  const kp4Status = nodeTopic(s.hall, 'keypad', 'kp-4', 'status')
  const statusWatch = await s.mqttAs({ kind: 'bridge', hall: s.hall })
  statusWatch.on('message', (_topic, payload) =>
    states.push((JSON.parse(payload.toString()) as { state: unknown }).state),
  )
  await statusWatch.subscribeAsync(kp4Status, { qos: 1 })

  const flooder = s.sim.device('kp-4')
  const sent = 2000
  let refused = 0
  const floods: Promise<unknown>[] = []
  for (let i = 0; i < sent; i++) floods.push(flooder.press('call_next').catch(() => refused++))
  // Presses queued behind a closed connection never settle: wait a bounded time, not for them.
  await Promise.race([Promise.allSettled(floods), sleep(3000)])
  await sleep(1500)
  t.equal(states.at(-1), 'offline', `the broker cut kp-4 off (its will says offline; states ${states.join(',')})`)
  await flooder.kill() // what is left of its connection
  const floodCalls = await calledAt(s.store, s.hall, '4')
  t.ok(floodCalls <= 25, `${sent} presses in a burst became ${floodCalls} calls at window 4 (limit: a burst of 20)`)
  t.ok(
    alerts.some((a) => a.device === 'kp-4' && a.reason === 'flooding'),
    'the bridge raised a flooding alert for kp-4',
  )

  // Everyone else: window 3's keypad calls, its display and the speaker follow.
  const kp3 = s.sim.device('kp-3')
  const led3 = s.sim.device('led-3')
  const before = await calledAt(s.store, s.hall, '3')
  await kp3.press('call_next')
  const deadline = Date.now() + 5000
  while ((await calledAt(s.store, s.hall, '3')) === before && Date.now() < deadline) await sleep(50)
  t.equal(await calledAt(s.store, s.hall, '3'), before + 1, 'window 3 keypad still calls')
  const snapshot = await s.store.snapshot(s.hall, { now: Date.now() })
  const current = snapshot.windows.find((w) => w.id === '3')!.currentTicket!.number
  await led3.waitFor(() => JSON.stringify(led3.desired?.l ?? '').includes(current), 5000, 'led-3 shows the call')
  t.pass(`led-3 shows ${current}`)
  await record('device-flood', { presses: sent, reachedCore: floodCalls, pressesFailedAtDevice: refused })
})

t.test('a device dropped silently is reported and recovers its state when it returns', async (t) => {
  const s = await startStack(t, { brokerUrl: null })
  const watcher = await s.mqttAs({ kind: 'bridge', hall: s.hall })
  const led4 = s.sim.device('led-4')
  const offline = nextMessage(watcher, nodeTopic(s.hall, 'bridge', 'bridge-1', 'evt/alert'), 20_000)
  await led4.kill() // no DISCONNECT: the broker publishes its will after the socket drops
  t.match((await offline).body, { device: 'led-4', reason: 'offline' }, 'the bridge reports led-4 offline')

  // The hall goes on: window 4 calls while its display is away; window 3 is not affected.
  await s.issue('social')
  await s.issue('social')
  const at4 = await s.callNext('4')
  const at3 = await s.callNext('3')
  const led3 = s.sim.device('led-3')
  await led3.waitFor(() => JSON.stringify(led3.desired?.l ?? '').includes(at3!.number), 5000, 'led-3 shows')
  // led-4 comes back (firmware reconnects): the retained desired state shows the call it missed.
  led4.desired = null
  await led4.connect()
  await led4.waitFor(() => JSON.stringify(led4.desired?.l ?? '').includes(at4!.number), 5000, 'led-4 catches up')
  t.pass(`led-4 shows ${at4!.number} after coming back`)
})
