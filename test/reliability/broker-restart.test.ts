// Broker restart: the MQTT broker the core, the bridge and the devices share goes away for a few
// seconds while clerks keep calling, then comes back on the same port empty (aedes keeps nothing,
// like a Mosquitto without persistence). The core and the bridge reconnect by themselves, devices
// reconnect as their firmware does, and every display shows the hall as it is now.
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { startEmbeddedBroker, type EmbeddedBroker } from '../../src/mqtt/embedded-broker.ts'
import { startStack } from '../bridge/fixtures/stack.ts'
import { record } from './helpers/figures.ts'
import { freePort } from './helpers/ports.ts'

const shows = (lines: unknown, number: string): boolean => JSON.stringify(lines ?? '').includes(number)

t.test('after a broker restart every display shows the current state', async (t) => {
  const port = await freePort()
  let broker: EmbeddedBroker = await startEmbeddedBroker({ port, secret: null })
  t.teardown(() => broker.close())
  const s = await startStack(t, { brokerUrl: broker.url })
  const led3 = s.sim.device('led-3')
  const led4 = s.sim.device('led-4')
  for (let i = 0; i < 6; i++) await s.issue('social')
  const first = await s.callNext('3')
  await led3.waitFor(() => shows(led3.desired?.l, first!.number), 5000, 'led-3 shows the first call')

  await broker.close()
  const downAt = Date.now()
  // The hall does not stop for the broker: clerks call on (HTTP), nobody sees it yet.
  const during3 = await s.callNext('3')
  const during4 = await s.callNext('4')
  await sleep(2000)
  broker = await startEmbeddedBroker({ port, secret: null })
  const upAt = Date.now()
  // Device firmware reconnects after a lost connection (the simulator does not by itself).
  for (const d of s.sim.devices.values()) {
    d.client = null
    d.desired = null
    await d.connect()
  }
  await led3.waitFor(() => shows(led3.desired?.l, during3!.number), 15_000, 'led-3 shows the call made meanwhile')
  await led4.waitFor(() => shows(led4.desired?.l, during4!.number), 15_000, 'led-4 too')
  const board = s.sim.device('board')
  await board.waitFor(() => shows(board.desired, during4!.number), 15_000, 'the board lists it')
  const recoveredMs = Date.now() - upAt
  t.pass(`displays recovered ${recoveredMs} ms after the broker came back`)

  // And the live path works again end to end: a call reaches the display and the speaker.
  const speaker = s.sim.device('speaker')
  const heard = speaker.announcements.length
  const after = await s.callNext('3')
  await led3.waitFor(() => shows(led3.desired?.l, after!.number), 10_000, 'led-3 follows new calls')
  await speaker.waitFor(() => speaker.announcements.length > heard, 10_000, 'the speaker announces again')
  t.pass('the speaker announces new calls again')
  t.ok(s.core.client.connected, 'the core publisher reconnected by itself')
  await s.bridge.halls.get(s.hall)!.idle()
  await sleep(100)
  await record('broker-restart', { downMs: upAt - downAt, recoveredMs, callsWhileDown: 2 })
})
