// Personal data never reaches the device bus or the public views: tickets issued with an ID card
// and a phone number, called, served and transferred through the device stack; every MQTT message
// of the hall (events, desired states, commands), the hall's public view, the ticket view and the
// live feed of a ticket holder are searched for the raw numbers and for their masked forms'
// hidden digits. (Redis, Postgres and the logs: test/identity/no-raw-identity.test.ts.)
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { startStack } from '../bridge/fixtures/stack.ts'

const ID_CARD = '440304199001011233'
const PHONE = '13812345678'
const SECRETS = [ID_CARD, PHONE, '199001011', '1234567']

t.test('no ID or phone number on the MQTT bus or in public views', async (t) => {
  const s = await startStack(t, { brokerUrl: null })
  const watcher = await s.mqttAs({ kind: 'bridge', hall: s.hall })
  const seen: string[] = []
  watcher.on('message', (topic, payload) => seen.push(`${topic} ${payload.toString('utf8')}`))
  await watcher.subscribeAsync(`qms/v1/${s.hall}/#`, { qos: 1 })

  const withId = await s.post(`/halls/${s.hall}/tickets`, { service: 'social', identity: { idCard: ID_CARD } })
  const withPhone = await s.post(`/halls/${s.hall}/tickets`, { service: 'social', identity: { phone: PHONE } })
  t.equal(withId.status, 201)
  t.equal(withPhone.status, 201)
  t.match(String(withId.body.holder), /^4403\*+1233$/, 'staff see the masked holder')
  await s.callNext('3')
  await s.callNext('4')
  await s.post(`/halls/${s.hall}/tickets/${String(withPhone.body.id)}/transfer`, { service: 'tax' })
  await s.bridge.halls.get(s.hall)!.idle()
  await sleep(300)

  const views = await Promise.all([
    fetch(`${s.baseUrl}/api/v1/halls/${s.hall}/public`).then((r) => r.text()),
    fetch(`${s.baseUrl}/api/v1/halls/${s.hall}/tickets/${String(withId.body.id)}`).then((r) => r.text()),
  ])
  t.ok(seen.length > 10, `${seen.length} MQTT messages looked at`)
  for (const text of [...seen, ...views])
    for (const secret of SECRETS) if (text.includes(secret)) t.fail(`${secret} found in: ${text.slice(0, 200)}`)
  t.pass('none of them carries an ID or phone number')
})
