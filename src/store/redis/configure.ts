// configureHall: the one script whose version argument comes from a fresh read, because the
// caller's runtime replaces the stored one. Removed windows' queue keys are passed so the script
// can refuse to strand tickets; a concurrent reconfiguration makes it answer STALE and we re-read.
import type { Cluster, Redis } from 'ioredis'
import type { HallRuntime, QueueId } from '../../domain/types.ts'
import type { ConfigureResult } from '../port.ts'
import { isStale, scriptError } from './error-codes.ts'
import { HALLS_KEY, hallKeys } from './keys.ts'
import type { ScriptRunner } from './script-runner.ts'

const MAX_ATTEMPTS = 3

export async function configureHall(
  runner: ScriptRunner,
  redis: Redis | Cluster,
  hall: string,
  document: unknown,
  runtime: HallRuntime,
  now: number,
): Promise<ConfigureResult> {
  const k = hallKeys(hall)
  const next = structuredClone(runtime)
  for (let attempt = 1; ; attempt++) {
    const current = await runner.cache.reload(hall)
    const removed = (current?.runtime.windowOrder ?? []).filter((id) => !next.windows[id])
    const queues = removed.map((id): QueueId => `w:${id}`)
    const out = await runner.run(
      'configure',
      [k.hall, k.win, k.tk, k.ev, k.wc, k.ws, ...queues.map(k.queue)],
      [
        current?.version ?? 0,
        now,
        hall,
        k.live,
        JSON.stringify(queues),
        JSON.stringify(next.windowOrder),
        JSON.stringify(next.serviceOrder),
        JSON.stringify(document ?? null),
        JSON.stringify(next),
      ],
    )
    if (out.ok) {
      const result = out.value as ConfigureResult
      runner.cache.set(hall, result.version, next)
      // qms:halls lives in another cluster slot, so it cannot be written by the script.
      await redis.sadd(HALLS_KEY, hall)
      return result
    }
    if (!isStale(out.code) || attempt >= MAX_ATTEMPTS) throw scriptError(out.code, out.detail, hall, 'configure')
  }
}
