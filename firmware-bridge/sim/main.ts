// The device simulator as a process. Reads commands from stdin, one per line:
//   <deviceId> key <call_next|recall|pause|resume|transfer|no_show|complete> [svc=<id>|win=<id>]
//   <deviceId> rate <1-5>
//   <deviceId> issue <serviceId>
//   <deviceId> paper <ok|low|out>
// MQTT_URL=mqtt://127.0.0.1:1884 MQTT_DEVICE_SECRET=… QMS_HALL=futian QMS_HALL_FILE=config/demo-hall.json \
//   tsx firmware-bridge/sim/main.ts
import { readFile } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import pino from 'pino'
import { startSimulator } from './simulator.ts'

const env = process.env
const log = pino({ name: 'device-sim', level: env.LOG_LEVEL ?? 'info' })
const hall = env.QMS_HALL ?? 'demo'
const document: unknown = JSON.parse(await readFile(env.QMS_HALL_FILE ?? 'config/demo-hall.json', 'utf8'))
const sim = await startSimulator({
  url: env.MQTT_URL ?? 'mqtt://127.0.0.1:1884',
  hall,
  document,
  secret: env.MQTT_DEVICE_SECRET ?? null,
  log,
})

const rl = createInterface({ input: process.stdin })
rl.on('line', (line) => {
  const [id, verb, arg, ...rest] = line.trim().split(/\s+/)
  if (!id || !verb) return
  const dev = sim.devices.get(id)
  if (!dev) return log.warn({ id }, 'no such simulated device')
  const extra = Object.fromEntries(rest.map((kv) => kv.split('=') as [string, string]))
  if (verb === 'key' && arg) void dev.press(arg, extra)
  else if (verb === 'rate' && arg) void dev.rate(Number(arg))
  else if (verb === 'issue' && arg) void dev.issue(arg)
  else if (verb === 'paper' && arg) void dev.emit('paper', { state: arg })
  else log.warn({ line }, 'unknown simulator command')
})
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void sim.stop().then(() => process.exit(0)))
