// What the figures were measured on: cores, CPU, Node, Redis, load average (others share the machine).
import { cpus, loadavg } from 'node:os'
import type { Cluster, Redis } from 'ioredis'

export interface Machine {
  date: string
  cores: number
  cpu: string
  node: string
  redis: string
  loadAtStart: number
}

export async function describeMachine(redis: Redis | Cluster): Promise<Machine> {
  const info = await redis.info('server')
  const cpu = cpus()
  return {
    date: new Date().toISOString().slice(0, 10),
    cores: cpu.length,
    cpu: cpu[0]?.model.trim() ?? 'unknown CPU',
    node: process.version,
    redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown',
    loadAtStart: loadavg()[0]!,
  }
}

export const load1 = (): number => loadavg()[0]!

export function machineLine(m: Machine, extra = ''): string {
  return (
    `Measured ${m.date} on ${m.cores} cores (${m.cpu}), Node ${m.node}, Redis ${m.redis}${extra}; ` +
    `load average ${m.loadAtStart.toFixed(1)} at start, ${load1().toFixed(1)} at the end ` +
    '(other work shares this machine: compare the ratios, measured in the same run).'
  )
}

/** CPU time (µs) the Redis server has used so far (INFO cpu: main thread and children). */
export async function redisCpu(redis: Redis | Cluster): Promise<number> {
  const info = await redis.info('cpu')
  const get = (k: string): number => Number(new RegExp(`${k}:([\\d.]+)`).exec(info)?.[1] ?? 0)
  return (get('used_cpu_sys') + get('used_cpu_user')) * 1e6
}

/** Calls per Redis command so far (INFO commandstats). */
export async function redisCalls(redis: Redis | Cluster): Promise<Record<string, number>> {
  const info = await redis.info('commandstats')
  const out: Record<string, number> = {}
  for (const m of info.matchAll(/cmdstat_([\w|]+):calls=(\d+)/g)) out[m[1]!] = Number(m[2])
  return out
}

/** Commands per request between two redisCalls readings, e.g. `evalsha 1.00, get 0.01`. */
export function callsPerRequest(
  before: Record<string, number>,
  after: Record<string, number>,
  requests: number,
): string {
  return Object.entries(after)
    .map(([k, v]) => [k, (v - (before[k] ?? 0)) / Math.max(1, requests)] as const)
    .filter(([, v]) => v >= 0.005)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v.toFixed(2)}`)
    .join(', ')
}
