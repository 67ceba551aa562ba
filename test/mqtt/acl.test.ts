// Broker security: credentials and the ACL as enforced by the embedded broker's hooks
// (authenticate, authorizePublish, authorizeSubscribe), called the way aedes calls them.
import t from 'tap'
import type { AuthenticateError, Client, PublishPacket, Subscription } from 'aedes'
import { brokerHooks } from '../../src/mqtt/broker-auth.ts'
import { canPublish, canSubscribe, mosquittoAclLines } from '../../src/mqtt/acl.ts'
import { credentialsFor, parseUsername, usernameOf, type MqttIdentity } from '../../src/mqtt/credentials.ts'

const SECRET = 'test-secret'
const keypad: MqttIdentity = { kind: 'device', hall: 'h1', type: 'keypad', device: 'kp-3' }
const bridge: MqttIdentity = { kind: 'bridge', hall: 'h1' }

const fakeClient = (id: string): Client => ({ id }) as unknown as Client

function authenticate(
  hooks: ReturnType<typeof brokerHooks>,
  client: Client,
  username: string | undefined,
  password: string | undefined,
): Promise<{ err: AuthenticateError | null; ok: boolean | null }> {
  return new Promise((resolve) =>
    hooks.authenticate(client, username, password === undefined ? undefined : Buffer.from(password), (err, ok) =>
      resolve({ err, ok }),
    ),
  )
}
const publish = (
  hooks: ReturnType<typeof brokerHooks>,
  client: Client | null,
  topic: string,
): Promise<Error | null | undefined> =>
  new Promise((resolve) =>
    hooks.authorizePublish(
      client,
      { cmd: 'publish', topic, payload: Buffer.from('{}'), qos: 1, retain: false, dup: false } as PublishPacket,
      (err) => resolve(err),
    ),
  )
const subscribe = (
  hooks: ReturnType<typeof brokerHooks>,
  client: Client,
  topic: string,
): Promise<Subscription | null | undefined> =>
  new Promise((resolve) =>
    hooks.authorizeSubscribe(client, { topic, qos: 1 } as Subscription, (_err, sub) => resolve(sub)),
  )

t.test('usernames round-trip and say who the client is', async (t) => {
  for (const id of [{ kind: 'core' }, bridge, { kind: 'bridge', hall: '*' }, keypad] as MqttIdentity[])
    t.same(parseUsername(usernameOf(id)), id)
  t.equal(parseUsername('dev.h1.toaster.x'), null, 'unknown device type')
  t.equal(parseUsername('dev.h1.led'), null)
  t.equal(parseUsername('dev.h/1.led.x'), null, 'topic separators are not ids')
})

t.test('authenticate: the HMAC password of the username, nothing else (MQTT-3.1.4-2 / CONNACK 4)', async (t) => {
  const hooks = brokerHooks(SECRET)
  const good = credentialsFor(SECRET, keypad)
  const c = fakeClient('c1')
  t.same(await authenticate(hooks, c, good.username, good.password), { err: null, ok: true })
  t.same(hooks.identityOf(c), keypad)
  const wrong = await authenticate(hooks, fakeClient('c2'), good.username, credentialsFor('other', keypad).password)
  t.equal(wrong.ok, false)
  t.equal(wrong.err?.returnCode, 4)
  t.equal((await authenticate(hooks, fakeClient('c3'), good.username, undefined)).ok, false, 'no password')
  t.equal((await authenticate(hooks, fakeClient('c4'), undefined, undefined)).ok, false, 'anonymous')
  // Another device's password does not open this username.
  const other = credentialsFor(SECRET, { ...keypad, device: 'kp-4' })
  t.equal((await authenticate(hooks, fakeClient('c5'), good.username, other.password)).ok, false)
})

t.test('a device publishes only its own status, reported, ack and evt/*', async (t) => {
  const hooks = brokerHooks(SECRET)
  const c = fakeClient('kp')
  const { username, password } = credentialsFor(SECRET, keypad)
  await authenticate(hooks, c, username, password)
  const base = 'qms/v1/h1/keypad/kp-3'
  for (const leaf of ['status', 'reported', 'ack', 'evt/key', 'evt/rating'])
    t.equal(await publish(hooks, c, `${base}/${leaf}`), null, `${leaf} allowed`)
  for (const topic of [
    `${base}/desired`, // only the bridge sets desired state
    `${base}/cmd/result`,
    `${base}/evt/key/extra`,
    'qms/v1/h1/keypad/kp-4/evt/key', // another keypad
    'qms/v1/h2/keypad/kp-3/evt/key', // same id, other hall
    'qms/v1/h1/led/kp-3/evt/key', // other type
    'qms/v1/h1/events/ticket.called', // forging core events
    'qms/v1/h1/bridge/bridge-1/status',
    '$SYS/broker/x',
  ])
    t.ok(await publish(hooks, c, topic), `${topic} refused`)
  t.ok(await publish(hooks, fakeClient('never-authenticated'), `${base}/status`), 'unknown client refused')
  t.equal(await publish(hooks, null, '$SYS/broker/uptime'), null, "the broker's own messages pass")
})

t.test('a device subscribes only below its own topics', async (t) => {
  const hooks = brokerHooks(SECRET)
  const c = fakeClient('kp')
  const { username, password } = credentialsFor(SECRET, keypad)
  await authenticate(hooks, c, username, password)
  for (const f of ['qms/v1/h1/keypad/kp-3/desired', 'qms/v1/h1/keypad/kp-3/cmd/+', 'qms/v1/h1/keypad/kp-3/#'])
    t.ok(await subscribe(hooks, c, f), `${f} granted`)
  for (const f of [
    'qms/v1/h1/keypad/+/cmd/+',
    'qms/v1/h1/#',
    'qms/v1/+/keypad/kp-3/desired',
    'qms/v1/h1/events/#',
    '#',
    'qms/v1/h1/keypad/kp-4/desired',
  ]) {
    t.equal(await subscribe(hooks, c, f), null, `${f} refused (SUBACK 0x80)`)
  }
})

t.test('bridge and core scopes', async (t) => {
  t.ok(canPublish(bridge, 'qms/v1/h1/led/led-3/desired'))
  t.ok(canPublish(bridge, 'qms/v1/h1/bridge/bridge-1/status'))
  t.notOk(canPublish(bridge, 'qms/v1/h1/events/ticket.called'), 'the bridge cannot forge core events')
  t.notOk(canPublish(bridge, 'qms/v1/h2/led/led-3/desired'), 'nor touch another hall')
  t.ok(canSubscribe(bridge, 'qms/v1/h1/#'))
  t.notOk(canSubscribe(bridge, 'qms/v1/+/events/#'))
  t.ok(canSubscribe({ kind: 'bridge', hall: '*' }, 'qms/v1/+/events/#'))
  t.ok(canPublish({ kind: 'core' }, 'qms/v1/h1/events/ticket.called'))
  t.notOk(canPublish({ kind: 'core' }, 'qms/v1/h1/led/led-3/desired'))
  t.notOk(canPublish({ kind: 'core' }, 'qms/v1/+/events/x'), 'no wildcards in a publish topic')
})

t.test('the Mosquitto ACL says the same', async (t) => {
  const lines = mosquittoAclLines([keypad, bridge])
  t.same(lines.slice(0, 6), [
    'user dev.h1.keypad.kp-3',
    'topic read qms/v1/h1/keypad/kp-3/#',
    'topic write qms/v1/h1/keypad/kp-3/status',
    'topic write qms/v1/h1/keypad/kp-3/reported',
    'topic write qms/v1/h1/keypad/kp-3/ack',
    'topic write qms/v1/h1/keypad/kp-3/evt/+',
  ])
  t.ok(lines.includes('user bridge.h1'))
  t.notOk(
    lines.some((l) => l.includes('h1/events') && l.includes('write')),
    'no write to events for the bridge',
  )
})
