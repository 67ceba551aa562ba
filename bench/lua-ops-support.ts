// Pieces of bench/lua-ops.ts: the benchmark hall and the RESULTS.md section writer.
import { readFile, writeFile } from 'node:fs/promises'
import type { HallRuntime } from '../src/domain/types.ts'

/** One shared service A served by `windows` windows (fifo), the default classes. */
export function benchHallRuntime(hall: string, windows: number): HallRuntime {
  const ids = Array.from({ length: windows }, (_, i) => `W${i + 1}`)
  return {
    hall,
    timezone: 'Asia/Shanghai',
    services: {
      A: { id: 'A', prefix: 'A', mode: 'shared', digits: 3, meanHandlingSec: 300, dailyLimit: null, windows: ids },
    },
    serviceOrder: ['A'],
    windows: Object.fromEntries(
      ids.map((id) => [
        id,
        { id, services: ['A'], policy: { mode: 'fifo', weights: { A: 1 }, maxConsecutivePriority: 3, agingSec: 1800 } },
      ]),
    ),
    windowOrder: ids,
    classes: {
      green: { id: 'green', rank: 2 },
      appointment: { id: 'appointment', rank: 1 },
      normal: { id: 'normal', rank: 0 },
    },
    classBands: ['green', 'appointment', 'normal'],
    rules: { maxRecalls: 3, noShowRequeue: 'tail', maxRequeues: 1 },
  }
}

export interface LuaBenchReport {
  date: string
  machine: string
  n: number
  runs: number
  inFlight: number
  clients: number
  result: Record<'pipelined' | 'clients', Record<'INCR' | 'issue' | 'call-next', number>>
  serverUs: Record<'INCR' | 'issue' | 'call-next', number> // Redis time per call, median of all runs
}

const RESULTS = new URL('./RESULTS.md', import.meta.url)
const HEADING = '## Lua operations'

function section(r: LuaBenchReport): string {
  const cell = (shape: 'pipelined' | 'clients', op: 'INCR' | 'issue' | 'call-next'): string => {
    const v = r.result[shape][op]
    return `${Math.round(v).toLocaleString('en-US')} ops/s (${(v / r.result[shape].INCR).toFixed(2)}× INCR)`
  }
  const row = (label: string, op: 'INCR' | 'issue' | 'call-next'): string =>
    `| ${label} | ${cell('pipelined', op)} | ${cell('clients', op)} | ${r.serverUs[op].toFixed(1)} µs |`
  return [
    HEADING,
    '',
    `Measured ${r.date} on ${r.machine}.`,
    `Command: \`npm run bench:lua\` — ${r.n.toLocaleString('en-US')} operations per measurement, median of ${r.runs} runs;`,
    `the Node client and Redis share the machine. Operations go through \`RedisQueueStore\` and ioredis`,
    '(`EVALSHA`); the baseline is a plain `INCR` on the same connections in the same run.',
    '',
    `| operation | pipelined (1 connection, ${r.inFlight} in flight) | ${r.clients} concurrent clients (1 in flight each) | Redis time per call |`,
    '|---|---|---|---|',
    row('`INCR` (baseline)', 'INCR'),
    row('issue (`issue.lua`: number, enqueue, ETA, 1 event)', 'issue'),
    row(`call-next (\`call-next.lua\`: completes the current ticket, selects, calls; 2 events)`, 'call-next'),
    '',
    `Hall: one shared service, ${r.clients} open windows serving it; call-next runs on the queue the issue step filled.`,
    'Each event is one `XADD` and one `PUBLISH` inside the script. "Redis time per call" is the server-side',
    'execution time from `INFO commandstats` (`usec` / `calls` of EVALSHA+EVAL, or INCR), over the whole',
    'server: it does not depend on the client, and 1e6 divided by it bounds what one Redis core can do.',
    '',
  ].join('\n')
}

/** Replaces the "Lua operations" section (up to the next `## ` heading), or appends it. */
export async function writeSection(r: LuaBenchReport): Promise<void> {
  const current = await readFile(RESULTS, 'utf8').catch(() => '# Benchmark results\n')
  const start = current.indexOf(`${HEADING}\n`)
  let next: string
  if (start < 0) {
    next = `${current.trimEnd()}\n\n${section(r)}`
  } else {
    const after = current.indexOf('\n## ', start + HEADING.length)
    next = current.slice(0, start) + section(r) + (after < 0 ? '' : current.slice(after + 1))
  }
  await writeFile(RESULTS, next)
}
