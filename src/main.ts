// `npm start`: the whole system in one process on the embedded defaults (in-process queue store,
// PGlite under ./data, aedes broker), or on the real services when REDIS_URL / DATABASE_URL /
// MQTT_URL are set. Core, MQTT event publisher, firmware bridge, simulated devices and the demo
// hall; prints the URLs to open.
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import pino from 'pino'
import { startBridge, type Bridge } from '../firmware-bridge/src/index.ts'
import { startSimulator, type Simulator } from '../firmware-bridge/sim/simulator.ts'
import { newTokenSecret } from './core/ids.ts'
import { startCoreMqtt, type CoreMqtt } from './mqtt/start-mqtt.ts'
import { startServer } from './server.ts'
import { demoUrls, setupDemoHall } from './system/demo.ts'

/** A secret kept under ./data so identity hashes stay valid across restarts of the embedded demo. */
async function localSecret(path: string): Promise<string> {
  const existing = await readFile(path, 'utf8').catch(() => '')
  if (existing.trim().length >= 64) return existing.trim()
  const secret = randomBytes(32).toString('hex')
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, secret, { mode: 0o600 })
  return secret
}

async function main(): Promise<void> {
  const env: Record<string, string | undefined> = { ...process.env }
  if (!env.DATABASE_URL) env.PGLITE_DIR ??= './data/pglite'
  if (!env.REDIS_URL) env.QUEUE_JOURNAL ??= './data/queue-journal.ndjson'
  env.IDENTITY_KEY ??= await localSecret('./data/identity-key')
  const generatedAdmin = !env.ADMIN_TOKEN
  env.ADMIN_TOKEN ??= newTokenSecret()
  const log = pino({ level: env.LOG_LEVEL ?? 'info' })

  let mqtt: CoreMqtt | null = null
  const server = await startServer(env, {
    observability: { readinessChecks: { mqtt: async () => mqtt?.client.connected ?? false } },
  })
  mqtt = await startCoreMqtt({
    store: server.store,
    log: log.child({ part: 'mqtt' }),
    ...(env.MQTT_URL && { url: env.MQTT_URL }),
    ...(env.MQTT_DEVICE_SECRET && { secret: env.MQTT_DEVICE_SECRET }),
  })

  const port = new URL(server.url).port
  const localCore = `http://127.0.0.1:${port}`
  const publicBase = env.PUBLIC_URL ?? `http://localhost:${port}`
  let bridge: Bridge | null = null
  let sim: Simulator | null = null
  const lines: string[] = []
  if (env.DEMO !== '0') {
    const demo = await setupDemoHall(server.app, env.ADMIN_TOKEN, env)
    bridge = await startBridge({
      halls: [demo.hall],
      mqttUrl: mqtt.url,
      secret: mqtt.secret,
      coreUrl: localCore,
      token: demo.tokens.display,
      deviceTokens: demo.deviceTokens,
      publicUrl: publicBase,
      log: log.child({ part: 'bridge' }),
    })
    sim = await startSimulator({
      url: mqtt.url,
      hall: demo.hall,
      document: demo.document,
      secret: mqtt.secret,
      log: log.child({ part: 'sim' }),
    })
    for (const [name, url] of demoUrls(publicBase, demo)) lines.push(`  ${name.padEnd(36)} ${url}`)
  }

  const banner = [
    '',
    'hall-queue is running · 排队叫号系统已启动',
    `  store: ${env.REDIS_URL ? 'Redis ' + env.REDIS_URL : 'in-process (embedded)'} · database: ${env.DATABASE_URL ? 'Postgres' : 'PGlite ' + env.PGLITE_DIR} · MQTT: ${mqtt.url}${mqtt.broker ? ' (embedded)' : ''}`,
    ...lines,
    `  health / metrics                     ${publicBase}/ready  ${publicBase}/metrics`,
    `  admin token${generatedAdmin ? ' (generated; set ADMIN_TOKEN to keep one)' : ''}: ${env.ADMIN_TOKEN}`,
    '',
  ]
  process.stdout.write(banner.join('\n') + '\n')

  let stopping = false
  const stop = async (signal: string): Promise<void> => {
    if (stopping) process.exit(1)
    stopping = true
    log.info({ signal }, 'shutting down')
    setTimeout(() => process.exit(1), 10_000).unref()
    await sim?.stop()
    await bridge?.stop()
    await mqtt?.close()
    await server.close()
    process.exit(0)
  }
  process.on('SIGINT', (s) => void stop(s))
  process.on('SIGTERM', (s) => void stop(s))
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
