// End to end against the real Mosquitto (127.0.0.1:1883 or MQTT_URL); required under CI.
import t from 'tap'
import { mqttUrlForTests } from '../helpers/services.ts'
import { deviceSuite } from './fixtures/device-suite.ts'

const url = await mqttUrlForTests(t)
t.test('device behaviour on Mosquitto', { skip: url === null ? 'no MQTT broker reachable' : false }, async (t) => {
  deviceSuite(t, () => url)
})
