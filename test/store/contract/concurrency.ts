// Concurrency: numbers never duplicated or skipped, every ticket called exactly once by racing
// windows, and an event stream with exactly one event per state change, in order.
import type { Test } from 'tap'
import type { QueueEvent } from '../../../src/domain/types.ts'
import { SEC, T0, newTicketId, setupHall, DATE, type MakeStore } from './harness.ts'

const EIGHT_WINDOWS = {
  services: [{ id: 'A' }],
  windows: Array.from({ length: 8 }, (_, i) => ({ id: `W${i + 1}`, services: ['A'] })),
}

const expectedNumbers = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => `A${String(i + 1).padStart(3, '0')}`)

function gapFree(t: Test, events: QueueEvent[]): void {
  t.ok(
    events.every((e, i) => e.seq === i + 1),
    `seq 1…${events.length} without gaps`,
  )
}

export function concurrencyCases(t: Test, makeStore: MakeStore): void {
  t.test('1,000 concurrent issues yield exactly A001…A1000', async (t) => {
    const fx = await setupHall(t, makeStore, EIGHT_WINDOWS)
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        fx.store.issue(fx.hall, { service: 'A', date: DATE, ticketId: newTicketId(), now: T0 + i }),
      ),
    )
    const numbers = results.map((r) => r.ticket.number)
    t.equal(new Set(numbers).size, 1000, 'no duplicate')
    t.same([...numbers].sort(), expectedNumbers(1000).sort(), 'no gap, A1000 past A999')
    t.ok(results.every((r) => r.created))
    const events = await fx.events()
    t.equal(events.length, 1001)
    gapFree(t, events)
    t.same(new Set(events.slice(1).map((e) => e.number)).size, 1000, 'one ticket.issued per ticket')
    t.equal((await fx.snapshot()).services[0]!.waiting, 1000)
    t.equal((await fx.issue('A')).ticket.number, 'A1001')
  })

  t.test('8 windows racing over 500 tickets call each exactly once, in queue order', async (t) => {
    const fx = await setupHall(t, makeStore, EIGHT_WINDOWS)
    const windows = EIGHT_WINDOWS.windows.map((w) => w.id)
    await fx.open(...windows)
    const issued = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        fx.store.issue(fx.hall, { service: 'A', date: DATE, ticketId: newTicketId(), now: T0 + 60 * SEC + i }),
      ),
    )
    const orderAt = new Map(issued.map((r) => [r.ticket.id, r.ticket.orderAt]))
    const from = await fx.lastSeq()
    const now = T0 + 3_600_000
    const misplaced: string[] = []
    const drain = async (w: string): Promise<string[]> => {
      const called: string[] = []
      for (;;) {
        const r = await fx.store.callNext(fx.hall, w, { now })
        if (!r.ticket) return called
        if (r.ticket.window !== w) misplaced.push(r.ticket.id)
        called.push(r.ticket.id)
      }
    }
    const perWindow = await Promise.all(windows.map(drain))
    t.same(misplaced, [], 'each ticket is called at the window that asked')
    const all = perWindow.flat()
    t.equal(all.length, 500, 'all 500 called')
    t.equal(new Set(all).size, 500, 'none twice')
    const snap = await fx.snapshot()
    t.equal(snap.services[0]!.waiting, 0)
    t.ok(
      snap.windows.every((w) => w.current === null),
      'each final next completed the last ticket',
    )

    const events = await fx.events()
    gapFree(t, events)
    const calls = events.filter((e) => e.seq > from && e.type === 'ticket.called')
    const dones = events.filter((e) => e.seq > from && e.type === 'ticket.done')
    t.equal(calls.length, 500)
    t.equal(dones.length, 500)
    t.equal(events.length - from, 1000, 'nothing but calls and completions')
    const callSeq = new Map(calls.map((e) => [e.ticket!, e.seq]))
    t.ok(
      dones.every((e) => e.seq > callSeq.get(e.ticket!)!),
      'each completion after its call',
    )
    const times = calls.map((e) => orderAt.get(e.ticket!)!)
    t.ok(
      times.every((x, i) => i === 0 || x > times[i - 1]!),
      'calls in the stream follow queue order',
    )
  })

  t.test('issues and calls interleaved concurrently lose nothing', async (t) => {
    const fx = await setupHall(t, makeStore, EIGHT_WINDOWS)
    await fx.open('W1', 'W2', 'W3', 'W4')
    const now = T0 + 3_600_000
    const ops: Promise<unknown>[] = []
    for (let i = 0; i < 200; i++) {
      ops.push(fx.store.issue(fx.hall, { service: 'A', date: DATE, ticketId: newTicketId(), now: T0 + i }))
      if (i % 2 === 0) ops.push(fx.store.callNext(fx.hall, `W${(i % 4) + 1}`, { now }))
    }
    await Promise.all(ops)
    const events = await fx.events()
    gapFree(t, events)
    const issuedNumbers = events.filter((e) => e.type === 'ticket.issued').map((e) => e.number!)
    t.same(issuedNumbers.sort(), expectedNumbers(200).sort())
    const called = events.filter((e) => e.type === 'ticket.called').map((e) => e.ticket!)
    t.equal(new Set(called).size, called.length, 'no ticket called twice')
    const snap = await fx.snapshot()
    const atWindows = snap.windows.filter((w) => w.current !== null).length
    const done = events.filter((e) => e.type === 'ticket.done').length
    t.equal(snap.services[0]!.waiting + called.length, 200, 'every ticket is waiting or was called')
    t.equal(done + atWindows, called.length, 'every called ticket is done or still at its window')
  })
}
