// Bad input, generated (fast-check): device payloads on the MQTT bus, hall documents, and the
// predictor bench's replay CSV. Each gets a clear refusal (a reason, a 4xx, a thrown Error with a
// message that says where) and never a crash, a state change or a stuck bridge.
// (Malformed HTTP requests on every mutating route: test/http/fuzz.test.ts.)
import { setTimeout as sleep } from 'node:timers/promises'
import fc from 'fast-check'
import t from 'tap'
import { parseLog } from '../../bench/sim/eval/csv-log.ts'
import { interpretDeviceEvent } from '../../firmware-bridge/src/device-input.ts'
import { parseDevicePayload } from '../../firmware-bridge/src/protocol/envelope.ts'
import { buildRegistry } from '../../firmware-bridge/src/registry.ts'
import { isQmsError } from '../../src/domain/errors.ts'
import { nodeTopic } from '../../src/mqtt/topics.ts'
import { parseHallDocument } from '../../src/config/validate-hall.ts'
import { hallDocument, startStack } from '../bridge/fixtures/stack.ts'
import { reliabilityHall } from './helpers/hall.ts'

// Processes start and stop here: more than tap's default 2 minutes on a busy machine, and
// RELIABILITY_LONG=1 runs for minutes.
t.setTimeout(process.env.RELIABILITY_LONG === '1' ? 15 * 60_000 : 5 * 60_000)

const RUNS = process.env.RELIABILITY_LONG === '1' ? 5000 : 400

/** JSON values shaped like device messages, with keys and values that are usually wrong. */
const deviceJson = fc.dictionary(
  fc.constantFrom('id', 'key', 'window', 'svc', 'win', 'grade', 'tk', 'state', 'cls', 'reason', '__proto__', 'x'),
  fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 3 }),
  ),
)
const devicePayload = fc.oneof(
  fc.uint8Array({ maxLength: 400 }).map((a) => Buffer.from(a)),
  fc.string({ maxLength: 300 }).map((s) => Buffer.from(s)),
  deviceJson.map((o) => Buffer.from(JSON.stringify(o))),
  fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
)

t.test('device payloads: parsed or refused with a reason, never a throw', async (t) => {
  const registry = buildRegistry(
    'h',
    hallDocument([
      { id: 'kiosk-1', type: 'kiosk' },
      { id: 'printer-kiosk-1', type: 'printer' },
    ]),
  )
  const names = ['key', 'rating', 'issue', 'paper', 'played', 'x', '']
  fc.assert(
    fc.property(devicePayload, fc.constantFrom(...registry.devices), fc.constantFrom(...names), (buf, device, name) => {
      const parsed = parseDevicePayload(buf)
      if (!parsed.ok) return typeof parsed.reason === 'string' && parsed.reason.length > 0
      const r = interpretDeviceEvent(device, name, parsed.value, 'T1')
      return r.ok ? typeof r.action.kind === 'string' : r.reason.length > 0
    }),
    { numRuns: RUNS * 5 },
  )
  t.pass(`${RUNS * 5} payloads`)
})

t.test('garbage on every device topic of a live hall changes nothing and stops nothing', async (t) => {
  const s = await startStack(t, { brokerUrl: null })
  const before = await s.store.eventsSince(s.hall, 0, 10_000)
  const samples = fc.sample(devicePayload, RUNS)
  let sent = 0
  for (const [i, payload] of samples.entries()) {
    // Keys that would be real presses are the one thing garbage must not be.
    if (
      /"key":"(call_next|recall|pause|resume|transfer|no_show|complete)"|"svc":"(social|tax)"/.test(payload.toString())
    )
      continue
    const d = [...s.sim.devices.values()][i % s.sim.devices.size]!
    const leaf = (['evt/key', 'evt/rating', 'evt/issue', 'ack', 'reported'] as const)[i % 5]!
    await d.client!.publishAsync(nodeTopic(s.hall, d.o.device.type, d.id, leaf), payload, { qos: 0 })
    sent++
    if (i % 150 === 149) await sleep(1100) // 15 per device: under its rate, so the parser is tested, not the gate
  }
  await sleep(300)
  t.same(await s.store.eventsSince(s.hall, 0, 10_000), before, `${sent} garbage messages: the hall is as it was`)
  await s.issue('social')
  const led3 = s.sim.device('led-3')
  const called = await s.callNext('3')
  await led3.waitFor(() => JSON.stringify(led3.desired?.l ?? '').includes(called!.number), 5000, 'led-3 follows')
  t.pass('the bridge still drives the displays')
})

/** A valid document with one random part replaced by something wrong. */
const brokenHall = fc
  .tuple(
    fc.constantFrom('name', 'timezone', 'services', 'windows', 'hours', 'devices', 'policy', 'priorityClasses', 'nope'),
    fc.oneof(fc.jsonValue(), fc.string({ maxLength: 2000 }), fc.array(fc.object(), { maxLength: 50 })),
    fc.nat(3),
  )
  .map(([field, value, depth]) => {
    const doc = reliabilityHall() as Record<string, unknown>
    if (depth === 0) doc[field] = value
    else if (depth === 1) (doc.services as Record<string, unknown>[])[0]![field] = value
    else if (depth === 2) (doc.windows as Record<string, unknown>[])[1]![field] = value
    else delete doc[field]
    return doc
  })

t.test('hall documents: accepted, or refused with field errors; never another kind of failure', async (t) => {
  let refused = 0
  fc.assert(
    fc.property(fc.oneof(brokenHall, fc.jsonValue()), (doc) => {
      try {
        parseHallDocument(doc)
        return true
      } catch (err) {
        refused++
        return isQmsError(err) && err.code === 'QMS_ERR_VALIDATION' && Array.isArray(err.details?.errors)
      }
    }),
    { numRuns: RUNS * 2 },
  )
  t.ok(refused > RUNS, `${refused} of ${RUNS * 2} refused with field errors`)
})

const HEADER = 'ticket_id,service,priority,issued_at,called_at,completed_at,window,outcome'
const csvLine = fc
  .tuple(
    fc.string({ maxLength: 12 }),
    fc.constantFrom('A', 'B', '', 'A,B', '"A"'),
    fc.constantFrom('', 'green', 'normal'),
    fc.oneof(fc.constant('2025-03-03T09:00:00+08:00'), fc.string({ maxLength: 30 }), fc.constant('')),
    fc.oneof(fc.constant('2025-03-03T09:10:00+08:00'), fc.constant(''), fc.string({ maxLength: 30 })),
    fc.oneof(fc.constant('2025-03-03T09:20:00+08:00'), fc.constant(''), fc.string({ maxLength: 30 })),
    fc.constantFrom('W1', '', 'W2'),
    fc.constantFrom('completed', 'no_show', '', 'x'),
  )
  .map((f) => f.join(','))
const csvText = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.array(csvLine, { maxLength: 20 }).map((lines) => [HEADER, ...lines].join('\n')),
  fc.array(csvLine, { maxLength: 5 }).map((lines) => lines.join('\r\n')),
)

t.test('replay CSV: parsed into sane tickets, or an error that names the line or column', async (t) => {
  fc.assert(
    fc.property(csvText, (text) => {
      try {
        const log = parseLog(text)
        return log.tickets.every((x) => Number.isFinite(x.issuedAt))
      } catch (err) {
        return err instanceof Error && /^log/.test(err.message)
      }
    }),
    { numRuns: RUNS * 2 },
  )
  t.pass(`${RUNS * 2} texts`)
})
