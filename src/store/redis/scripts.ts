// Loads the Lua scripts (one per operation) and runs them through ioredis' defineCommand, which
// sends EVALSHA and falls back to EVAL on NOSCRIPT (e.g. after SCRIPT FLUSH or a failover).
// `--@include "name"` lines are replaced by commands/includes/name.lua (once per script).
import { readFileSync } from 'node:fs'
import type { Cluster, Redis } from 'ioredis'
import { ALLOWED_FROM } from '../../domain/transitions.ts'
import { luaErrorTable } from './error-codes.ts'

export const SCRIPT_NAMES = [
  'configure',
  'issue',
  'call-next',
  'recall',
  'start',
  'complete',
  'no-show',
  'hold',
  'resume',
  'transfer',
  'requeue',
  'cancel',
  'set-window-status',
  'snapshot',
  'ticket-view',
] as const
export type ScriptName = (typeof SCRIPT_NAMES)[number]

/** A script answers with a JSON string, `{negativeCode, detailJson}`, or nil. */
export type ScriptReply = string | [number, string] | null

const COMMANDS = new URL('./commands/', import.meta.url)
const INCLUDE = /^--@include "([\w-]+)"[ \t]*$/gm

function expand(source: string, seen: Set<string>): string {
  return source.replace(INCLUDE, (_line, name: string) => {
    if (seen.has(name)) return ''
    seen.add(name)
    return expand(readFileSync(new URL(`includes/${name}.lua`, COMMANDS), 'utf8'), seen)
  })
}

/** Lua source with its `--@include` lines expanded (also used by tests that run an include alone). */
export const withIncludes = (source: string): string => expand(source, new Set())

/** `local ALLOWED = {start = {'called'}, ...}` from the domain's transition table. */
const luaTransitions = (): string =>
  `local ALLOWED = {${Object.entries(ALLOWED_FROM)
    .map(([op, from]) => `${op} = {${from.map((s) => `'${s}'`).join(', ')}}`)
    .join(', ')}}\n`

/** The full source of one script as sent to Redis. */
export function scriptSource(name: ScriptName): string {
  const body = withIncludes(readFileSync(new URL(`${name}.lua`, COMMANDS), 'utf8'))
  return luaErrorTable() + luaTransitions() + body
}

const commandName = (name: ScriptName): string => `qms_${name.replaceAll('-', '_')}`
type ScriptCommand = (numKeys: number, ...keysAndArgs: (string | number)[]) => Promise<ScriptReply>

export class Scripts {
  constructor(private readonly redis: Redis | Cluster) {
    for (const name of SCRIPT_NAMES) redis.defineCommand(commandName(name), { lua: scriptSource(name) })
  }

  run(name: ScriptName, keys: string[], args: (string | number)[]): Promise<ScriptReply> {
    const command = (this.redis as unknown as Record<string, ScriptCommand>)[commandName(name)]!
    return command.call(this.redis, keys.length, ...keys, ...args)
  }
}
