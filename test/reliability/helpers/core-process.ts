// A core instance as its own process (`node --import=tsx src/server.ts`), so a test can kill -9
// it mid-request, exactly as the operating system would. Ready when /health answers.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Test } from 'tap'
import { freePort } from './ports.ts'

const SERVER = fileURLToPath(new URL('../../../src/server.ts', import.meta.url))
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

export interface CoreProcess {
  url: string
  port: number
  /** Starts (or restarts, on the same port) the process and waits for /health. */
  start(): Promise<void>
  kill9(): Promise<void>
  /** SIGTERM and wait: the graceful path. */
  stop(): Promise<void>
  running(): boolean
  /** Everything the process wrote on stdout and stderr (pino JSON lines). */
  output(): string
}

export async function coreProcess(t: Test, env: Record<string, string>): Promise<CoreProcess> {
  const port = await freePort()
  let child: ChildProcess | null = null
  let out = ''
  const exited = (c: ChildProcess): boolean => c.exitCode !== null || c.signalCode !== null
  const waitExit = (c: ChildProcess): Promise<void> =>
    exited(c) ? Promise.resolve() : new Promise((resolve) => c.once('exit', () => resolve()))

  const core: CoreProcess = {
    port,
    url: `http://127.0.0.1:${port}`,
    running: () => child !== null && !exited(child),
    output: () => out,
    start: async () => {
      const c = spawn(process.execPath, ['--import=tsx', SERVER], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      child = c
      c.stdout!.on('data', (d: Buffer) => (out += d.toString()))
      c.stderr!.on('data', (d: Buffer) => (out += d.toString()))
      for (let i = 0; i < 600; i++) {
        if (exited(c)) throw new Error(`core exited (${c.exitCode ?? c.signalCode}): ${out.slice(-2000)}`)
        const ok = await fetch(`${core.url}/health`, { signal: AbortSignal.timeout(500) }).then(
          (r) => r.ok,
          () => false,
        )
        if (ok) return
        await sleep(50)
      }
      throw new Error(`core on ${port} did not start: ${out.slice(-2000)}`)
    },
    kill9: async () => {
      const c = child
      if (!c || exited(c)) return
      c.kill('SIGKILL')
      await waitExit(c)
    },
    stop: async () => {
      const c = child
      if (!c || exited(c)) return
      c.kill('SIGTERM')
      await Promise.race([waitExit(c), sleep(12_000)])
      if (!exited(c)) await core.kill9()
    },
  }
  t.teardown(() => core.kill9())
  return core
}
