// The per-device rate gate (src/mqtt/rate-gate.ts): a burst, then the refill rate; a flood is
// reported once per interval with the count dropped since the last report; keys are independent.
import t from 'tap'
import { RateGate } from '../../src/mqtt/rate-gate.ts'

t.test('burst, refill, one report per interval', async (t) => {
  const gate = new RateGate({ burst: 5, perSec: 2, reportEveryMs: 10_000 })
  const took = (key: string, now: number, n: number) => {
    let ok = 0
    const reports: number[] = []
    for (let i = 0; i < n; i++) {
      const v = gate.take(key, now)
      if (v.ok) ok++
      else if (v.report) reports.push(v.dropped)
    }
    return { ok, reports }
  }
  t.same(took('a', 0, 8), { ok: 5, reports: [1] }, 'the burst passes, the first drop is reported')
  t.same(took('b', 0, 5), { ok: 5, reports: [] }, 'another device has its own bucket')
  t.same(took('a', 1000, 3), { ok: 2, reports: [] }, 'a second later: 2 more, no second report yet')
  t.same(
    took('a', 11_000, 30),
    { ok: 5, reports: [4] },
    'after the interval: refilled to the burst; one report, counting every drop since the last',
  )
})
