// The generated Mosquitto files (gen-acl) on a real Mosquitto started for this test on a free
// port: passwords work, and the ACL keeps each device to its own topics, as the aedes hooks do.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import mqtt from 'mqtt'
import { credentialsFor, type MqttIdentity } from '../../src/mqtt/credentials.ts'
import { aclFile, identitiesFor, passwordFile } from '../../firmware-bridge/src/mosquitto-files.ts'

const hasMosquitto = spawnSync('mosquitto', ['-h']).error === undefined
const SECRET = 'acl-test-secret'
const hall = 'aclhall'
const doc = {
  windows: [{ id: '3' }, { id: '4' }],
  devices: [
    { id: 'kp-3', type: 'keypad', window: '3' },
    { id: 'kp-4', type: 'keypad', window: '4' },
  ],
}

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })

t.test(
  'generated password and ACL files on Mosquitto',
  { skip: !process.env.CI && !hasMosquitto ? 'mosquitto not installed' : false },
  async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'qms-mosq-'))
    const ids = identitiesFor([{ hall, document: doc }])
    await writeFile(join(dir, 'mosquitto.acl'), aclFile(ids))
    await writeFile(join(dir, 'mosquitto.passwd'), passwordFile(SECRET, ids))
    const port = await freePort()
    const conf = [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous false',
      `password_file ${dir}/mosquitto.passwd`,
      `acl_file ${dir}/mosquitto.acl`,
      'persistence false',
      ...(process.getuid?.() === 0 ? ['user root'] : []),
    ]
    await writeFile(join(dir, 'mosquitto.conf'), conf.join('\n') + '\n')
    const broker = spawn('mosquitto', ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' })
    t.teardown(() => void broker.kill())
    const url = `mqtt://127.0.0.1:${port}`
    const connect = async (id: MqttIdentity, password?: string) => {
      const creds = credentialsFor(SECRET, id)
      for (let i = 0; ; i++) {
        try {
          const c = await mqtt.connectAsync(url, {
            ...creds,
            ...(password ? { password } : {}),
            protocolVersion: 4,
            reconnectPeriod: 0,
            connectTimeout: 1000,
          })
          t.teardown(() => c.endAsync(true))
          return c
        } catch (err) {
          if (i > 30 || !/ECONNREFUSED/.test(String(err))) throw err
          await new Promise((r) => setTimeout(r, 100)) // broker still starting
        }
      }
    }
    const bridge = await connect({ kind: 'bridge', hall })
    const seen: string[] = []
    bridge.on('message', (topic) => seen.push(topic))
    await bridge.subscribeAsync(`qms/v1/${hall}/#`, { qos: 1 })
    const kp3 = await connect({ kind: 'device', hall, type: 'keypad', device: 'kp-3' })
    // Mosquitto drops a refused publish silently: publish the forbidden ones first, then a marker.
    await kp3.publishAsync(`qms/v1/${hall}/keypad/kp-4/evt/key`, '{"id":"x1","key":"call_next"}', { qos: 1 })
    await kp3.publishAsync(`qms/v1/${hall}/events/ticket.called`, '{"id":"x2"}', { qos: 1 })
    await kp3.publishAsync(`qms/v1/${hall}/keypad/kp-3/desired`, '{"id":"x3"}', { qos: 1 })
    await kp3.publishAsync(`qms/v1/${hall}/keypad/kp-3/evt/key`, '{"id":"ok1","key":"call_next"}', { qos: 1 })
    const deadline = Date.now() + 3000
    while (!seen.includes(`qms/v1/${hall}/keypad/kp-3/evt/key`) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20))
    t.same(seen, [`qms/v1/${hall}/keypad/kp-3/evt/key`], 'only its own event got through')
    // Mosquitto grants any subscription but delivers only what the ACL lets the client read.
    const got: string[] = []
    kp3.on('message', (topic) => got.push(topic))
    await kp3.subscribeAsync([`qms/v1/${hall}/keypad/kp-3/cmd/+`, `qms/v1/${hall}/keypad/kp-4/desired`], { qos: 1 })
    await bridge.publishAsync(`qms/v1/${hall}/keypad/kp-4/desired`, '{"id":"d1"}', { qos: 1, retain: true })
    await bridge.publishAsync(`qms/v1/${hall}/keypad/kp-3/cmd/result`, '{"id":"r1","exp":1}', { qos: 1 })
    const until = Date.now() + 3000
    while (!got.includes(`qms/v1/${hall}/keypad/kp-3/cmd/result`) && Date.now() < until)
      await new Promise((r) => setTimeout(r, 20))
    t.same(got, [`qms/v1/${hall}/keypad/kp-3/cmd/result`], "another device's topics are never delivered")
    await t.rejects(
      connect(
        { kind: 'device', hall, type: 'keypad', device: 'kp-3' },
        credentialsFor(SECRET, { kind: 'device', hall, type: 'keypad', device: 'kp-4' }).password,
      ),
      "another device's password is refused",
    )
  },
)
