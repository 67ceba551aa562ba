// Shared by the Redis-specific store tests (test/store/redis-*.test.ts): a store on its own
// connection to the shared Redis whose halls are deleted afterwards, and a private throw-away
// redis-server for tests that must do server-wide things (SCRIPT FLUSH).
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import type { Test } from 'tap'
import { purgeHall } from '../../src/store/redis/purge.ts'
import { RedisQueueStore } from '../../src/store/redis/redis-store.ts'
import { buildHallRuntime, hallDocument, type HallSpec } from '../helpers/hall-runtime.ts'
import { REDIS_URL, redisForTests } from '../helpers/services.ts'
import { BASIC, T0, newHallId } from './contract/harness.ts'

export interface RedisHall {
  store: RedisQueueStore
  redis: Redis // a plain connection for looking at keys directly
  hall: string
}

/** Null when Redis is unreachable outside CI (the caller skips). Everything is cleaned up after `t`. */
export async function redisHall(t: Test, spec: HallSpec = BASIC, url = REDIS_URL): Promise<RedisHall | null> {
  const admin = url === REDIS_URL ? await redisForTests(t) : new Redis(url)
  if (!admin) return null
  const hall = newHallId()
  const store = new RedisQueueStore(new Redis(url))
  t.teardown(async () => {
    await store.close()
    await purgeHall(admin, hall)
    if (url !== REDIS_URL) await admin.quit()
  })
  await store.configureHall(hall, hallDocument(hall, spec), buildHallRuntime(hall, spec), { now: T0 })
  return { store, redis: admin, hall }
}

/** Another store instance on the same server (another core instance), closed after `t`. */
export function anotherStore(t: Test, url = REDIS_URL): RedisQueueStore {
  const store = new RedisQueueStore(new Redis(url))
  t.teardown(() => store.close())
  return store
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

/**
 * A private redis-server (no persistence, working directory a fresh temp dir) for this test,
 * killed and its directory removed afterwards; null when the binary is missing outside CI.
 * Under CI (which installs redis-server) a failure to start fails.
 */
export async function privateRedisUrl(t: Test, extraArgs: string[] = []): Promise<string | null> {
  const port = await freePort()
  const dir = await mkdtemp(join(tmpdir(), 'qms-redis-'))
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extraArgs]
  const child = spawn('redis-server', args, { stdio: 'ignore', cwd: dir })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const started = new Promise<boolean>((resolve) => {
    child.once('error', () => resolve(false))
    void exited.then(() => resolve(false))
  })
  t.teardown(async () => {
    if (child.exitCode === null && child.pid !== undefined) {
      child.kill('SIGTERM')
      await exited
    }
    await rm(dir, { recursive: true, force: true })
  })
  const url = `redis://127.0.0.1:${port}`
  const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 })
  probe.on('error', () => {})
  for (let i = 0; i < 50; i++) {
    const ok = await Promise.race([
      probe.connect().then(
        () => true,
        () => false,
      ),
      started,
    ])
    if (ok) {
      await probe.quit()
      return url
    }
    if (child.exitCode !== null || child.killed) break
    await new Promise((r) => setTimeout(r, 100))
  }
  probe.disconnect()
  const msg = 'could not start a private redis-server'
  if (process.env.CI) throw new Error(`${msg} (CI is set)`)
  t.comment(`${msg}; skipped`)
  return null
}

export { T0 }
