// ForecastRelay: at most one update per ticket per interval (a held move goes out when the
// interval ends, with the figures current then), services only when one moved by a minute.
import t from 'tap'
import type { Eta, HallPrediction } from '../../src/domain/predict/types.ts'
import { ForecastRelay } from '../../src/realtime/forecast-relay.ts'
import type { ForecastMessage } from '../../src/realtime/messages.ts'

const eta = (etaSec: number): Eta => ({ etaSec, p10: etaSec / 2, p90: etaSec * 2 })
const prediction = (at: number, tickets: Record<string, number>, serviceA: number): HallPrediction => ({
  at,
  tickets: new Map(Object.entries(tickets).map(([id, s]) => [id, { ...eta(s), stranded: false }])),
  services: { A: { ...eta(serviceA), byClass: { normal: eta(serviceA) } } },
  raw: new Map(),
})

t.test('throttles each ticket and sends the held move when its interval ends', async (t) => {
  let clock = 1_000_000
  let latest: HallPrediction | null = null
  const sent: ForecastMessage[] = []
  const relay = new ForecastRelay({
    send: (_hall, m) => sent.push(m),
    latest: () => latest,
    ticketIntervalMs: 40,
    clock: () => clock,
  })
  t.teardown(() => relay.close())
  relay.onRefresh('h', (latest = prediction(clock, { x: 600, y: 300 }, 900)), ['x', 'y'])
  t.same(sent.at(-1), {
    type: 'forecast',
    at: clock,
    tickets: { x: eta(600), y: eta(300) },
    services: { A: eta(900) },
  })
  clock += 10
  relay.onRefresh('h', (latest = prediction(clock, { x: 700, y: 300 }, 930)), ['x'])
  t.equal(sent.length, 1, 'x moved inside its interval, A by less than a minute: nothing sent')
  clock += 10
  relay.onRefresh('h', (latest = prediction(clock, { x: 760, y: 300 }, 1000)), [])
  t.same(sent.at(-1), { type: 'forecast', at: clock, services: { A: eta(1000) } }, 'A moved a minute: services only')
  clock += 40 // the interval ends with no refresh: the timer sends
  await new Promise((r) => setTimeout(r, 80))
  t.equal(sent.length, 3)
  t.same(sent.at(-1)!.tickets, { x: eta(760) }, 'the held ticket, with the latest figures')
  clock += 100
  relay.onRefresh('h', (latest = prediction(clock, { y: 100 }, 1000)), ['y'])
  t.same(sent.at(-1)!.tickets, { y: eta(100) }, 'past its interval: at once; x is gone')
})
