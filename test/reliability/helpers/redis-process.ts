// A private redis-server for the failure tests: its own port and folder, append-only file on (so
// a restart reloads what was acknowledged), killed with SIGKILL to simulate a crash and started
// again on the same folder and port. Never the shared 6379. Needs the `redis-server` binary (CI
// installs it); without it, null (and a failure under CI, like test/helpers/services.ts).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'
import type { Test } from 'tap'
import { freePort } from './ports.ts'

export type Fsync = 'everysec' | 'always'

export interface RedisProcess {
  port: number
  url: string
  dir: string
  /** kill -9: no shutdown save, whatever the AOF holds is what comes back. */
  crash(): Promise<void>
  start(): Promise<void>
  running(): boolean
}

export async function privateRedis(t: Test, fsync: Fsync = 'everysec'): Promise<RedisProcess | null> {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    const msg = 'redis-server is not installed'
    if (process.env.CI) throw new Error(`${msg} (CI is set: the failure tests need it)`)
    t.comment(`${msg}; skipped`)
    return null
  }
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), `qms-rel-redis-${port}-`))
  let child: ChildProcess | null = null
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '']
  args.push('--appendonly', 'yes', '--appendfsync', fsync, '--logfile', join(dir, 'redis.log'))

  const proc: RedisProcess = {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    running: () => child !== null && child.exitCode === null && child.signalCode === null,
    start: async () => {
      const c = spawn('redis-server', args, { stdio: 'ignore' })
      child = c
      for (let i = 0; i < 200; i++) {
        if (c.exitCode !== null) throw new Error(`redis-server exited with ${c.exitCode} (see ${dir}/redis.log)`)
        const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null })
        r.on('error', () => {})
        try {
          await r.connect()
          // Loading the AOF answers LOADING errors until done: wait for a real answer.
          await r.dbsize()
          r.disconnect()
          return
        } catch {
          r.disconnect()
          await sleep(25)
        }
      }
      throw new Error(`redis-server on ${port} did not answer`)
    },
    crash: async () => {
      const c = child
      if (!c || c.exitCode !== null || c.signalCode !== null) return
      const exited = new Promise((resolve) => c.once('exit', resolve))
      c.kill('SIGKILL')
      await exited
    },
  }
  await proc.start()
  t.teardown(async () => {
    await proc.crash()
    rmSync(dir, { recursive: true, force: true })
  })
  return proc
}
