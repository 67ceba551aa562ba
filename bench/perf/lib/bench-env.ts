// What every perf scenario sets up: a private Redis (or BENCH_REDIS_URL), a store and fixture in
// this process, the core and the baseline server as child processes; and one cleanup path for
// normal ends, errors and Ctrl-C.
import { randomBytes } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { Redis } from 'ioredis'
import { RedisQueueStore } from '../../../src/store/redis/redis-store.ts'
import { Fixture } from './halls.ts'
import { freePort } from './ports.ts'
import { startChild, type Child } from './procs.ts'
import { startRedis, type RedisProcess } from './redis-server.ts'

export interface ServerReady {
  type: 'ready'
  url: string
  mqttUrl?: string | null
  pid: number
}

export const PROFILE_DIR = new URL('../profiles/', import.meta.url).pathname
export const profiling = process.env.BENCH_PROFILE === '1'

const cleanups: (() => Promise<unknown>)[] = []
/** Registers a cleanup (run in reverse order). */
export const onCleanup = (f: () => Promise<unknown>): void => void cleanups.push(f)

export async function cleanupAll(): Promise<void> {
  while (cleanups.length > 0) {
    const f = cleanups.pop()!
    await f().catch((err: unknown) => console.error('cleanup:', err))
  }
}

process.once('SIGINT', () => {
  console.error('interrupted: cleaning up')
  void cleanupAll().finally(() => process.exit(130))
})

export interface RedisEnv {
  url: string
  admin: Redis
  store: RedisQueueStore
  fixture: Fixture
  private: RedisProcess | null
}

/** A private redis-server unless BENCH_REDIS_URL names one (then only our keys are removed). */
export async function redisEnv(): Promise<RedisEnv> {
  const given = process.env.BENCH_REDIS_URL
  const priv = given ? null : await startRedis()
  if (priv) onCleanup(() => priv.stop())
  const url = given ?? priv!.url
  const admin = new Redis(url)
  onCleanup(() => admin.quit())
  const store = new RedisQueueStore(new Redis(url, { enableAutoPipelining: true }))
  onCleanup(() => store.close())
  const fixture = new Fixture(admin, store)
  onCleanup(() => fixture.cleanup())
  return { url, admin, store, fixture, private: priv }
}

export const ADMIN_TOKEN = `qms_bench_${randomBytes(16).toString('hex')}`

/** The core (src/server.ts + MQTT publisher) in a child process. */
export async function startCore(
  env: Record<string, string | undefined>,
  opts: { profileName?: string } = {},
): Promise<Child<ServerReady>> {
  const port = await freePort()
  const cpuProfDir = profiling && opts.profileName ? `${PROFILE_DIR}${opts.profileName}` : undefined
  if (cpuProfDir) await mkdir(cpuProfDir, { recursive: true })
  const child = await startChild<ServerReady>(new URL('../servers/core.ts', import.meta.url), {
    env: { PORT: String(port), ADMIN_TOKEN, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info', ...env },
    ...(cpuProfDir && { cpuProfDir }),
  })
  onCleanup(() => child.stop())
  return child
}

export async function startBaseline(env: Record<string, string | undefined>): Promise<Child<ServerReady>> {
  const port = await freePort()
  const child = await startChild<ServerReady>(new URL('../servers/baseline.ts', import.meta.url), {
    env: { PORT: String(port), ...env },
  })
  onCleanup(() => child.stop())
  return child
}

export async function startWsClients(): Promise<Child<{ type: 'ready' }>> {
  const child = await startChild<{ type: 'ready' }>(new URL('../servers/ws-clients.ts', import.meta.url), {
    execArgv: ['--max-old-space-size=2048'],
  })
  onCleanup(() => child.stop())
  return child
}

export const wsUrl = (httpUrl: string, hall: string, q: Record<string, string>): string =>
  `${httpUrl.replace(/^http/, 'ws')}/api/v1/halls/${hall}/live?${new URLSearchParams(q).toString()}`
