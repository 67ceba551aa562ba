// Child process: the real core as production runs it (src/server.ts startServer: auth, token
// store, idempotency, events, live channel, metrics, request logging at LOG_LEVEL) plus the MQTT
// event publisher (startCoreMqtt), on a private Redis or a Redis Cluster.
//   BENCH_REDIS_URL      a single Redis        BENCH_CLUSTER   JSON [{host, port}] seeds of a Cluster
//   BENCH_MQTT           off | embedded | mqtt://… (default off)
//   PORT, ADMIN_TOKEN, LOG_LEVEL, MQTT_DEVICE_SECRET as for the core
import { Cluster, Redis } from 'ioredis'
import pino from 'pino'
import { RedisTokenStore } from '../../../src/auth/redis-token-store.ts'
import { startCoreMqtt, type CoreMqtt } from '../../../src/mqtt/start-mqtt.ts'
import { startServer } from '../../../src/server.ts'
import type { QueueStore } from '../../../src/store/port.ts'
import { RedisQueueStore } from '../../../src/store/redis/redis-store.ts'
import { failChild, serveChild } from '../lib/procs.ts'

try {
  const env: Record<string, string | undefined> = { ...process.env, HOST: '127.0.0.1' }
  let store: QueueStore
  const extra: Parameters<typeof startServer>[1] = {}
  let closeExtra = async (): Promise<void> => {}
  if (env.BENCH_CLUSTER) {
    // startServer connects to one Redis only; on a Cluster the stores are given to it.
    const seeds = JSON.parse(env.BENCH_CLUSTER) as { host: string; port: number }[]
    const cluster = new Cluster(seeds)
    const tokenConn = new Cluster(seeds)
    store = new RedisQueueStore(cluster)
    const tokens = new RedisTokenStore(tokenConn as unknown as Redis)
    extra.store = store
    extra.tokens = tokens
    delete env.REDIS_URL
    closeExtra = async () => {
      await store.close()
      await tokenConn.quit()
    }
  } else if (env.BENCH_X_AUTOPIPE === '1') {
    // Experiment: the same stores on auto-pipelined connections.
    const { RedisTokenStore: Tokens } = await import('../../../src/auth/redis-token-store.ts')
    store = new RedisQueueStore(new Redis(env.BENCH_REDIS_URL!, { enableAutoPipelining: true }))
    const tokenConn = new Redis(env.BENCH_REDIS_URL!, { enableAutoPipelining: true })
    extra.store = store
    extra.tokens = new Tokens(tokenConn)
    delete env.REDIS_URL
    closeExtra = async () => {
      await store.close()
      await tokenConn.quit()
    }
  } else {
    env.REDIS_URL = env.BENCH_REDIS_URL
  }
  const server = await startServer(env, extra)
  if (!extra.store) store = server.store
  const mode = env.BENCH_MQTT ?? 'off'
  let mqtt: CoreMqtt | null = null
  if (mode !== 'off') {
    const log = pino({ level: env.LOG_LEVEL ?? 'info' })
    mqtt = await startCoreMqtt({
      store: store!,
      log: log.child({ part: 'mqtt' }),
      ...(mode === 'embedded' ? { port: 0 } : { url: mode }),
      ...(env.MQTT_DEVICE_SECRET && { secret: env.MQTT_DEVICE_SECRET }),
      rescanMs: Number(env.BENCH_MQTT_RESCAN_MS ?? 5000),
    })
  }
  serveChild({ url: server.url, mqttUrl: mqtt?.url ?? null, pid: process.pid }, async () => {
    await mqtt?.close()
    await server.close()
    await closeExtra()
  })
} catch (err) {
  failChild(err)
}
