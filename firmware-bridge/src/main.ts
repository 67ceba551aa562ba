// The firmware bridge as its own process.
//   MQTT_URL=mqtt://127.0.0.1:1884 QMS_CORE_URL=http://127.0.0.1:3000 QMS_BRIDGE_TOKEN=… \
//   QMS_HALLS=futian MQTT_DEVICE_SECRET=… QMS_DEVICE_TOKENS_FILE=device-tokens.json \
//   tsx firmware-bridge/src/main.ts
// QMS_DEVICE_TOKENS_FILE: JSON object {"<hall>/<deviceId>" or "<deviceId>": "<core token>"}.
import { readFile } from 'node:fs/promises'
import pino from 'pino'
import { startBridge } from './index.ts'

const env = process.env
const log = pino({ name: 'firmware-bridge', level: env.LOG_LEVEL ?? 'info' })
const halls = (env.QMS_HALLS ?? '')
  .split(',')
  .map((h) => h.trim())
  .filter(Boolean)
if (halls.length === 0) {
  log.fatal('QMS_HALLS is empty: name the hall(s) this bridge serves')
  process.exit(2)
}
const deviceTokens = env.QMS_DEVICE_TOKENS_FILE
  ? (JSON.parse(await readFile(env.QMS_DEVICE_TOKENS_FILE, 'utf8')) as Record<string, string>)
  : {}

const bridge = await startBridge({
  halls,
  mqttUrl: env.MQTT_URL ?? 'mqtt://127.0.0.1:1884',
  secret: env.MQTT_DEVICE_SECRET ?? null,
  coreUrl: env.QMS_CORE_URL ?? 'http://127.0.0.1:3000',
  token: env.QMS_BRIDGE_TOKEN ?? '',
  publicUrl: env.QMS_PUBLIC_URL,
  deviceTokens,
  bridgeId: env.QMS_BRIDGE_ID ?? 'bridge-1',
  clipDir: env.QMS_CLIP_DIR,
  log,
})

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    log.info({ sig }, 'stopping bridge')
    void bridge.stop().then(() => process.exit(0))
  })
}
