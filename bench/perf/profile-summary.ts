// Summarises a V8 .cpuprofile (from --cpu-prof): where the process spent its CPU time, by
// package / source folder and by function (self time), plus the inclusive time of our own code's
// entry points. Usage: npx tsx bench/perf/profile-summary.ts <file.cpuprofile> [top=25]
//   SKIP_MS=<ms> leaves out the start; MATCH=<regexp> picks the frames listed by inclusive time;
//   DROP_LEAF=<regexp> leaves out samples whose leaf function matches (e.g. '^(writev|writeUtf8String)$')
import { readFile } from 'node:fs/promises'

interface CallFrame {
  functionName: string
  url: string
  lineNumber: number
}
interface Node {
  id: number
  callFrame: CallFrame
  children?: number[]
}
interface Profile {
  nodes: Node[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
  endTime: number
}

/** Where a frame's code lives: a package, a folder of ours, Node internals or V8 itself. */
export function category(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)'
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (nm) return nm[1]!
  const ours = /\/work\/main\/((?:src|firmware-bridge|bench)\/(?:[^/]+\/)?)/.exec(url)
  if (ours) return ours[1]!
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`
  return url
}

export interface Summary {
  totalMs: number
  idleMs: number
  byCategory: [string, number][]
  byFunction: [string, number][]
  /** Time with the function anywhere on the stack (each function counted once per sample). */
  inclusive: [string, number][]
}

const frameKey = (f: CallFrame): string => {
  const where = f.url ? `${f.url.replace(/^.*\/work\/main\//, '').replace(/^file:\/\//, '')}:${f.lineNumber + 1}` : ''
  return `${f.functionName || '(anonymous)'} ${where}`.trim()
}

/** `skipMs`: leave out the first milliseconds (start-up, module loading, fixture set-up). */
export function summarise(p: Profile, skipMs = 0, dropLeaf: RegExp | null = null): Summary {
  const byId = new Map(p.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const self = new Map<number, number>()
  const incl = new Map<string, number>()
  let at = 0
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i] ?? 0) / 1000
    at += dt
    if (at < skipMs) continue
    const id = p.samples[i]!
    // Leaves such as socket writes also collect the time the process waited to be scheduled again
    // (the write woke Redis on a busy machine); they can be left out of the percentages.
    if (dropLeaf && dropLeaf.test(byId.get(id)!.callFrame.functionName)) continue
    self.set(id, (self.get(id) ?? 0) + dt)
    if (byId.get(id)!.callFrame.functionName === '(idle)') continue
    const seen = new Set<string>()
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const k = frameKey(byId.get(n)!.callFrame)
      if (seen.has(k)) continue
      seen.add(k)
      incl.set(k, (incl.get(k) ?? 0) + dt)
    }
  }
  const cats = new Map<string, number>()
  const fns = new Map<string, number>()
  let total = 0
  let idle = 0
  for (const [id, t] of self) {
    const f = byId.get(id)!.callFrame
    total += t
    if (f.functionName === '(idle)') idle += t
    const c = category(f.url, f.functionName)
    cats.set(c, (cats.get(c) ?? 0) + t)
    const key = frameKey(f)
    fns.set(key, (fns.get(key) ?? 0) + t)
  }
  const sorted = (m: Map<string, number>): [string, number][] => [...m.entries()].sort((a, b) => b[1] - a[1])
  return { totalMs: total, idleMs: idle, byCategory: sorted(cats), byFunction: sorted(fns), inclusive: sorted(incl) }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2]
  if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top]')
  const top = Number(process.argv[3] ?? 25)
  const skipMs = Number(process.env.SKIP_MS ?? 0)
  const match = process.env.MATCH ? new RegExp(process.env.MATCH) : /src\/|firmware-bridge\//
  const drop = process.env.DROP_LEAF ? new RegExp(process.env.DROP_LEAF) : null
  const s = summarise(JSON.parse(await readFile(file, 'utf8')) as Profile, skipMs, drop)
  const busy = s.totalMs - s.idleMs
  const pct = (t: number): string => `${((100 * t) / busy).toFixed(1)}%`.padStart(6)
  console.log(
    `sampled ${(s.totalMs / 1000).toFixed(1)} s, busy ${(busy / 1000).toFixed(1)} s (percentages of busy time)`,
  )
  console.log('\nby package / folder (self time):')
  for (const [c, t] of s.byCategory.filter(([c]) => c !== '(idle)').slice(0, top)) console.log(`${pct(t)}  ${c}`)
  console.log('\nby function (self time):')
  for (const [f, t] of s.byFunction.filter(([f]) => !f.startsWith('(idle)')).slice(0, top))
    console.log(`${pct(t)}  ${f}`)
  console.log(`\ninclusive time of functions matching ${match}:`)
  for (const [f, t] of s.inclusive.filter(([f]) => match.test(f)).slice(0, top)) console.log(`${pct(t)}  ${f}`)
}
