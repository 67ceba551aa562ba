// Durability for the embedded store: every mutating call is appended to a journal file (one JSON
// line) before it runs, and the journal is replayed into a fresh store at start. Operations are
// deterministic given their arguments (the caller passes `now` and ticket ids), so replaying the
// same calls in the same order rebuilds the same tickets, numbers, windows and events.
//
// Order matters: the in-process store executes each call synchronously when it is made, so writing
// the line synchronously first keeps the journal in execution order even with calls in flight.
// A call that failed is journaled too and fails the same way on replay (skipped). The line is in
// the OS's page cache when the response is sent, so a killed process loses nothing; a power loss
// can lose the last moments (fsync on every call would cost more than the live path allows).
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { QueueStore } from '../port.ts'
import { MemoryQueueStore } from './memory-store.ts'

const MUTATIONS = new Set<string>([
  'configureHall',
  'issue',
  'callNext',
  'recall',
  'start',
  'complete',
  'noShow',
  'hold',
  'resume',
  'transfer',
  'requeue',
  'cancel',
  'setWindowStatus',
])

export interface JournalEntry {
  op: string
  args: unknown[]
}

export interface JournaledStore {
  store: QueueStore
  replayed: number
}

/** Opens (and replays) the journal at `path`, returning a store that appends to it. */
export async function openJournaledStore(
  path: string,
  inner: MemoryQueueStore = new MemoryQueueStore(),
): Promise<JournaledStore> {
  mkdirSync(dirname(path), { recursive: true })
  const target = inner as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>
  let replayed = 0
  if (existsSync(path)) {
    const lines = readFileSync(path, 'utf8').split('\n')
    for (const [i, line] of lines.entries()) {
      if (line.trim() === '') continue
      let entry: JournalEntry
      try {
        entry = JSON.parse(line) as JournalEntry
      } catch {
        // Only the very last line can be torn (a crash mid-write); anything else is corruption.
        if (i >= lines.length - 2) break
        throw new Error(`queue journal ${path}: line ${i + 1} is not JSON`)
      }
      if (!MUTATIONS.has(entry.op)) throw new Error(`queue journal ${path}: unknown operation ${entry.op}`)
      await target[entry.op]!(...entry.args).catch(() => undefined) // failed the first time too
      replayed++
    }
  }
  const store = new Proxy(inner, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver) as unknown
      if (typeof value !== 'function') return value
      if (typeof prop === 'string' && MUTATIONS.has(prop)) {
        return (...args: unknown[]) => {
          appendFileSync(path, JSON.stringify({ op: prop, args } satisfies JournalEntry) + '\n')
          return (value as (...a: unknown[]) => Promise<unknown>).apply(obj, args)
        }
      }
      return (value as (...a: unknown[]) => unknown).bind(obj)
    },
  })
  return { store, replayed }
}
