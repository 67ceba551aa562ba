// Drives a running system with simulated hall traffic over its HTTP API: citizens take tickets,
// clerks open windows, call, serve, pause and close, at `--speed` times real time (a 10-minute
// service takes 30 s at speed 20). Bounded by --minutes of wall time; localhost only.
// Usage: npx tsx bench/sim/drive.ts --url http://127.0.0.1:8080 --hall demo --token SECRET
//        [--minutes 10] [--speed 20] [--seed 1] [--from 09:00]
// The token must be allowed to issue tickets and operate every window (a manager of the hall).
import { parseArgs } from 'node:util'
import { parseHallDocument } from '../../src/config/validate-hall.ts'
import { SimulatedHall } from './clerks.ts'
import { dayFromDocument } from './day-from-document.ts'
import { localTimeMs } from './day-types.ts'
import { HttpHallPort } from './http-port.ts'
import { Rng } from './rng.ts'
import { offsetMinOf } from './run-day.ts'
import { realTime, Scheduler } from './scheduler.ts'
import { generateCitizens } from './traffic.ts'

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1'])

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:8080' },
    hall: { type: 'string' },
    token: { type: 'string' },
    minutes: { type: 'string', default: '10' },
    speed: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
    from: { type: 'string', default: '09:00' },
  },
})

function fail(message: string): never {
  console.error(message)
  process.exit(2)
}

const url = new URL(values.url)
// The API lives under /api/v1; a bare origin gets it appended.
const base = url.pathname === '/' || url.pathname === '' ? `${url.origin}/api/v1` : values.url.replace(/\/+$/, '')
if (!LOCAL_HOSTS.has(url.hostname))
  fail(`refusing to drive ${base}: only a system on this machine (127.0.0.1, localhost)`)
if (!values.hall || !values.token)
  fail('usage: drive.ts --url http://127.0.0.1:8080 --hall HALL --token SECRET [--minutes 10] [--speed 20] [--seed 1]')
const minutes = Number(values.minutes)
const speed = Number(values.speed)
if (!(minutes > 0 && minutes <= 240)) fail('--minutes must be between 0 and 240')
if (!(speed >= 1 && speed <= 600)) fail('--speed must be between 1 and 600')

const res = await fetch(`${base}/halls/${encodeURIComponent(values.hall)}`, {
  headers: { authorization: `Bearer ${values.token}` },
})
if (!res.ok) fail(`GET /halls/${values.hall}: ${res.status} ${await res.text()}`)
const doc = parseHallDocument(await res.json(), `hall ${values.hall}`)

// The simulated day is a fixed Monday; only its clock-of-day matters to the traffic shape.
const date = '2026-03-09'
const offset = offsetMinOf(doc.timezone, date)
const day = dayFromDocument(values.hall, doc)
const rng = new Rng(Number(values.seed))
const citizens = generateCitizens(day, date, offset, rng.fork(1))
const start = localTimeMs(date, values.from, offset)
const end = start + minutes * 60_000 * speed
const port = new HttpHallPort(base, values.hall, values.token)
const sched = new Scheduler(start, realTime(start, speed))
const hall = new SimulatedHall(day, port, sched, rng.fork(2))
hall.plan(
  date,
  offset,
  citizens.filter((c) => c.at >= start && c.at < end),
)

console.log(
  `driving ${base} hall ${values.hall}: ${minutes} min of wall time = ${((minutes * speed) / 60).toFixed(1)} simulated hours from ${values.from}, speed ×${speed}`,
)
const timer = setInterval(
  () =>
    console.log(
      `… ${port.stats.requests} requests (${port.stats.refused} refused, ${port.stats.failed} failed), ${hall.issued} tickets`,
    ),
  30_000,
)
await sched.run(end)
clearInterval(timer)
console.log(
  `done: ${port.stats.requests} requests, ${port.stats.refused} refused by the hall's rules, ${port.stats.failed} failed; ${hall.issued} tickets issued`,
)
