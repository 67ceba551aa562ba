// Runs one script per operation with the fixed KEYS/ARGV prefix every mutating script expects
// (see commands/includes/common.lua), turning replies into results or QmsErrors.
import { QmsError, isQmsError } from '../../domain/errors.ts'
import { SCRIPT_ERRORS, isStale, scriptError, type Detail } from './error-codes.ts'
import type { HallArgs, QueueSet } from './hall-args.ts'
import type { HallCache } from './hall-cache.ts'
import type { ScriptName, ScriptReply, Scripts } from './scripts.ts'

export interface ScriptCall {
  script: ScriptName
  /** Keys between the six fixed keys and the queue keys (issue: counters, idempotency). */
  extraKeys?: string[]
  queues?: QueueSet
  args: (string | number)[]
}

const NO_QUEUES: QueueSet = { ids: '[]', keys: [] }

/** A script's reply: the parsed JSON, or the failure code and its detail. */
export type Outcome = { ok: true; value: unknown } | { ok: false; code: number; detail: Detail }

export function outcomeOf(script: ScriptName, reply: ScriptReply): Outcome {
  if (typeof reply === 'string') return { ok: true, value: JSON.parse(reply) }
  if (reply === null) return { ok: true, value: null }
  if (Array.isArray(reply) && typeof reply[0] === 'number') {
    return { ok: false, code: reply[0], detail: JSON.parse(reply[1]) as Detail }
  }
  throw new QmsError('QMS_ERR_INTERNAL', `unexpected reply from script ${script}`)
}

export class ScriptRunner {
  constructor(
    readonly scripts: Scripts,
    readonly cache: HallCache,
  ) {}

  /** Runs a script; a connection problem becomes QMS_ERR_UNAVAILABLE, a script crash QMS_ERR_INTERNAL. */
  async run(script: ScriptName, keys: string[], args: (string | number)[]): Promise<Outcome> {
    let reply: ScriptReply
    try {
      reply = await this.scripts.run(script, keys, args)
    } catch (e) {
      const crashed = e instanceof Error && e.name === 'ReplyError'
      const err = crashed
        ? new QmsError('QMS_ERR_INTERNAL', `queue script ${script} failed`)
        : new QmsError('QMS_ERR_UNAVAILABLE', 'the queue store (Redis) is unavailable')
      throw Object.assign(err, { cause: e })
    }
    return outcomeOf(script, reply)
  }

  async hall(hall: string): Promise<HallArgs> {
    const h = await this.cache.get(hall)
    if (!h) throw new QmsError('QMS_ERR_HALL_NOT_FOUND', `hall ${hall} not found`)
    return h
  }

  /**
   * Runs a mutating script built from the cached configuration. When the cached configuration is
   * stale (the script says so, or `build` refused an id the cache does not know), reloads it and
   * tries once more.
   */
  async mutate<T>(hall: string, op: string, now: number, build: (h: HallArgs) => ScriptCall): Promise<T> {
    let h = await this.hall(hall)
    for (let attempt = 0; ; attempt++) {
      const mayRetry = attempt === 0
      let call: ScriptCall
      try {
        call = build(h)
      } catch (e) {
        if (!mayRetry || !isQmsError(e) || (await this.cache.isCurrent(hall, h.version))) throw e
        h = await this.reloaded(hall)
        continue
      }
      const k = h.keys
      const queues = call.queues ?? NO_QUEUES
      const out = await this.run(
        call.script,
        [k.hall, k.win, k.tk, k.ev, k.wc, k.ws, ...(call.extraKeys ?? []), ...queues.keys],
        [h.version, now, hall, k.live, queues.ids, ...call.args],
      )
      if (out.ok) return out.value as T
      if (isStale(out.code) && mayRetry) {
        h = await this.reloaded(hall)
        continue
      }
      if (out.code === SCRIPT_ERRORS.HALL_NOT_FOUND) this.cache.forget(hall)
      throw scriptError(out.code, out.detail, hall, op)
    }
  }

  private async reloaded(hall: string): Promise<HallArgs> {
    const h = await this.cache.reload(hall)
    if (!h) throw new QmsError('QMS_ERR_HALL_NOT_FOUND', `hall ${hall} not found`)
    return h
  }
}
