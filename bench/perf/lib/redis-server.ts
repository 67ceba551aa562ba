// Private Redis servers for the benchmarks, started from the installed `redis-server` on free
// ports (never the shared 6379), without persistence, and stopped (with their files) at the end.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'
import { freePort } from './ports.ts'

export interface RedisProcess {
  port: number
  url: string
  stop(): Promise<void>
}

async function waitForPing(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`redis-server on ${port} exited with ${child.exitCode}`)
    const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null })
    r.on('error', () => {})
    try {
      await r.connect()
      await r.ping()
      r.disconnect()
      return
    } catch {
      r.disconnect()
      await sleep(50)
    }
  }
  throw new Error(`redis-server on ${port} did not answer`)
}

/** One redis-server; `cluster` adds cluster mode. Killed with the bench (and on SIGINT by the caller). */
export async function startRedis(opts: { cluster?: boolean; maxmemory?: string } = {}): Promise<RedisProcess> {
  const port = await freePort()
  const dir = await mkdtemp(join(tmpdir(), `qms-bench-redis-${port}-`))
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir]
  args.push('--logfile', join(dir, 'redis.log'))
  if (opts.cluster) {
    // A node that never met another reports an empty IP in CLUSTER SLOTS: announce it.
    args.push('--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf'))
    args.push('--cluster-announce-ip', '127.0.0.1')
  }
  if (opts.maxmemory) args.push('--maxmemory', opts.maxmemory)
  const child = spawn('redis-server', args, { stdio: 'ignore' })
  live.add(child)
  await waitForPing(port, child)
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await Promise.race([exited, sleep(5000)])
        if (child.exitCode === null) child.kill('SIGKILL')
      }
      live.delete(child)
      await rm(dir, { recursive: true, force: true })
    },
  }
}

export interface RedisCluster {
  nodes: RedisProcess[]
  seeds: { host: string; port: number }[]
  stop(): Promise<void>
}

/** `masters` cluster nodes (no replicas), slots spread by redis-cli, waiting for cluster_state:ok. */
export async function startCluster(masters: number): Promise<RedisCluster> {
  const nodes: RedisProcess[] = []
  const stop = async (): Promise<void> => {
    await Promise.all(nodes.map((n) => n.stop()))
  }
  try {
    for (let i = 0; i < masters; i++) nodes.push(await startRedis({ cluster: true }))
    if (masters === 1) {
      // redis-cli --cluster create wants 3 masters; one node takes every slot itself.
      const r = new Redis(nodes[0]!.port, '127.0.0.1')
      const slots = Array.from({ length: 16384 }, (_, i) => i)
      for (let i = 0; i < slots.length; i += 4096) await r.call('CLUSTER', 'ADDSLOTS', ...slots.slice(i, i + 4096))
      r.disconnect()
    } else {
      const created = spawnSync(
        'redis-cli',
        ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes'],
        { encoding: 'utf8' },
      )
      if (created.status !== 0) throw new Error(`cluster create failed: ${created.stdout}${created.stderr}`)
    }
    for (const n of nodes) await waitClusterOk(n.port)
    return { nodes, seeds: nodes.map((n) => ({ host: '127.0.0.1', port: n.port })), stop }
  } catch (err) {
    await stop()
    throw err
  }
}

async function waitClusterOk(port: number): Promise<void> {
  const r = new Redis(port, '127.0.0.1')
  try {
    for (let i = 0; i < 200; i++) {
      if (/cluster_state:ok/.test(String(await r.call('CLUSTER', 'INFO')))) return
      await sleep(50)
    }
    throw new Error(`cluster node ${port} not ok`)
  } finally {
    r.disconnect()
  }
}

const live = new Set<ChildProcess>()
/** Last resort on exit: no redis-server of ours outlives the bench. */
process.once('exit', () => {
  for (const c of live) if (c.exitCode === null) c.kill('SIGKILL')
})
