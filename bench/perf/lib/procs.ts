// Child processes for the benchmarks (servers under test, the bridge, socket clients): each is a
// TypeScript file run with tsx, says `{type: 'ready', ...}` over IPC when it listens, and exits
// by itself on `{type: 'stop'}` (so a --cpu-prof profile is written) or is killed after a grace.
import { fork, type ChildProcess } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'

export interface Child<R> {
  ready: R
  proc: ChildProcess
  /** Request/answer over IPC: sends `{type, ...}`, resolves with the first reply of `reply` type. */
  ask<T>(message: { type: string; [k: string]: unknown }, reply: string, timeoutMs?: number): Promise<T>
  stop(): Promise<void>
}

export interface ChildOptions {
  env?: Record<string, string | undefined>
  /** Write a V8 CPU profile into this directory when the child exits. */
  cpuProfDir?: string
  /** Node flags for the child (e.g. --max-old-space-size). */
  execArgv?: string[]
  /** Child's stdout/stderr: 'ignore' (default, like a log shipper that keeps up) or 'inherit'. */
  output?: 'ignore' | 'inherit'
  readyTimeoutMs?: number
}

const running = new Set<ChildProcess>()

export async function startChild<R>(script: URL, opts: ChildOptions = {}): Promise<Child<R>> {
  const execArgv = ['--import', 'tsx', ...(opts.execArgv ?? [])]
  if (opts.cpuProfDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`)
  const out = opts.output ?? 'ignore'
  const proc = fork(fileURLToPath(script), [], {
    env: { ...process.env, ...opts.env },
    execArgv,
    stdio: ['ignore', out, 'inherit', 'ipc'],
  })
  running.add(proc)
  const ready = await new Promise<R>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script.pathname}: not ready in time`)),
      opts.readyTimeoutMs ?? 60_000,
    )
    proc.on('message', (m: { type?: string; error?: string }) => {
      if (m.type === 'ready') {
        clearTimeout(timer)
        resolve(m as R)
      } else if (m.type === 'failed') {
        clearTimeout(timer)
        reject(new Error(`${script.pathname}: ${m.error}`))
      }
    })
    proc.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${script.pathname} exited with ${code} before it was ready`))
    })
  })
  const ask = <T>(message: { type: string }, reply: string, timeoutMs = 120_000): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        proc.off('message', on)
        reject(new Error(`${script.pathname}: no ${reply} reply`))
      }, timeoutMs)
      const on = (m: { type?: string }): void => {
        if (m.type !== reply) return
        clearTimeout(timer)
        proc.off('message', on)
        resolve(m as T)
      }
      proc.on('message', on)
      proc.send(message)
    })
  const stop = async (): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((resolve) => proc.once('exit', resolve))
      if (proc.connected) proc.send({ type: 'stop' })
      await Promise.race([exited, sleep(15_000)])
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGKILL')
        await exited
      }
    }
    running.delete(proc)
  }
  return { ready, proc, ask, stop }
}

/** Last resort: no child of ours outlives the bench. */
process.once('exit', () => {
  for (const p of running) if (p.exitCode === null) p.kill('SIGKILL')
})

/** Child side: report readiness and stop cleanly when asked (or when the parent goes away). */
export function serveChild(ready: Record<string, unknown>, stop: () => Promise<void>): void {
  let stopping = false
  const finish = (): void => {
    if (stopping) return
    stopping = true
    setTimeout(() => process.exit(1), 10_000).unref()
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('message', (m: { type?: string }) => {
    if (m.type === 'stop') finish()
    // CPU time used so far (µs): the cost per request is steadier than throughput on a shared machine.
    if (m.type === 'cpu') process.send?.({ type: 'cpu', ...process.cpuUsage() })
    if (m.type === 'mem') process.send?.({ type: 'mem', ...process.memoryUsage() })
  })
  process.on('disconnect', finish)
  process.send?.({ type: 'ready', ...ready })
}

export function failChild(err: unknown): never {
  process.send?.({ type: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) })
  process.exit(1)
}

/** CPU time (µs, user + system) a child has used so far. */
export async function childCpu(child: Child<unknown>): Promise<number> {
  const u = await child.ask<{ user: number; system: number }>({ type: 'cpu' }, 'cpu', 60_000)
  return u.user + u.system
}
