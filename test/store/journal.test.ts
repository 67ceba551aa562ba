// The embedded store's journal: a restart (or a kill -9) rebuilds exactly what was accepted.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, appendFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { openJournaledStore } from '../../src/store/memory/journaled-store.ts'
import { buildHallRuntime } from '../helpers/hall-runtime.ts'

const dir = mkdtempSync(join(tmpdir(), 'qms-journal-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

t.test('replay rebuilds tickets, windows, numbers and events', async (t) => {
  const path = join(dir, 'a.ndjson')
  const { store } = await openJournaledStore(path)
  const rt = buildHallRuntime('h', { services: [{ id: 'A' }], windows: [{ id: 'W1', services: ['A'] }] })
  await store.configureHall('h', {}, rt, { now: 1 })
  const service = rt.serviceOrder[0]!
  const window = rt.windowOrder[0]!
  await store.setWindowStatus('h', window, 'open', { now: 2 })
  const issued = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      store.issue('h', { service, date: '2026-11-22', ticketId: `t${i}`, now: 10 + i }),
    ),
  )
  await store.callNext('h', window, { now: 100 })
  await t.rejects(store.start('h', 'nope', { now: 101 })) // a failed call is journaled and skipped
  await store.start('h', 't0', { now: 102 })

  const again = await openJournaledStore(path)
  t.equal(again.replayed, 25, 'every call, the failed one included')
  t.same(await again.store.snapshot('h', { now: 200 }), await store.snapshot('h', { now: 200 }))
  t.same(await again.store.eventsSince('h', 0, 1000), await store.eventsSince('h', 0, 1000))
  for (const r of issued) t.same(await again.store.getTicket('h', r.ticket.id), await store.getTicket('h', r.ticket.id))
  const next = await again.store.issue('h', { service, date: '2026-11-22', ticketId: 'after', now: 300 })
  t.match(next.ticket.number, /021$/, 'numbering continues after the restart')
})

t.test('a torn last line (crash mid-write) is ignored', async (t) => {
  const path = join(dir, 'b.ndjson')
  const { store } = await openJournaledStore(path)
  await store.configureHall(
    'h',
    {},
    buildHallRuntime('h', { services: [{ id: 'A' }], windows: [{ id: 'W1', services: ['A'] }] }),
    { now: 1 },
  )
  appendFileSync(path, '{"op":"issue","args":[')
  const again = await openJournaledStore(path)
  t.equal(again.replayed, 1)
  t.ok(await again.store.getHall('h'))
})

t.test('kill -9 while issuing: every acknowledged ticket is there, once', async (t) => {
  const path = join(dir, 'c.ndjson')
  const child = spawn(
    process.execPath,
    ['--import=tsx', join(import.meta.dirname, 'fixtures/journal-writer.ts'), path],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const acked: string[] = []
  let buf = ''
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString()
      const lines = buf.split('\n')
      buf = lines.pop()!
      for (const l of lines) if (l.startsWith('ok ')) acked.push(l.slice(3))
      if (acked.length >= 300 && !child.killed) {
        child.kill('SIGKILL')
        resolve()
      }
    })
  })
  await new Promise((r) => child.once('exit', r))
  const { store } = await openJournaledStore(path)
  const numbers = new Set<string>()
  for (const line of acked) {
    const [id, number] = line.split(' ')
    const ticket = await store.getTicket('h', id!)
    t.ok(ticket, `ticket ${number} survived`)
    t.equal(ticket?.number, number)
    numbers.add(number!)
  }
  t.equal(numbers.size, acked.length, 'no number issued twice')
})
