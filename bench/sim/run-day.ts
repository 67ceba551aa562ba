// Simulates one hall day on the in-process store and returns what happened: the hall's event
// stream (the truth), its configuration, and the simulator's own counts.
import { compileHall } from '../../src/config/compile-hall.ts'
import { parseHallDocument } from '../../src/config/validate-hall.ts'
import type { HallDocument } from '../../src/config/hall-document.ts'
import type { HallRuntime, QueueEvent } from '../../src/domain/types.ts'
import { LocalClock } from '../../src/predict/local-time.ts'
import { MemoryQueueStore } from '../../src/store/memory/memory-store.ts'
import { SimulatedHall } from './clerks.ts'
import type { HallDay } from './day-types.ts'
import { localTimeMs } from './day-types.ts'
import { Rng } from './rng.ts'
import { Scheduler } from './scheduler.ts'
import { StoreHallPort } from './store-port.ts'
import { generateCitizens } from './traffic.ts'

export interface SimulatedDay {
  day: HallDay
  date: string
  seed: number
  document: HallDocument
  runtime: HallRuntime
  utcOffsetMin: number
  events: QueueEvent[]
}

export function compiledDay(day: HallDay): { document: HallDocument; runtime: HallRuntime } {
  const document = parseHallDocument(day.document, day.id)
  return { document, runtime: compileHall(day.hall, document) }
}

export const offsetMinOf = (timezone: string, date: string): number =>
  new LocalClock({ timezone }).offsetMs(Date.parse(`${date}T12:00:00Z`)) / 60_000

export async function simulateDay(day: HallDay, date: string, seed: number): Promise<SimulatedDay> {
  const { document, runtime } = compiledDay(day)
  const offset = offsetMinOf(document.timezone, date)
  const rng = new Rng(seed)
  const citizens = generateCitizens(day, date, offset, rng.fork(1))
  const store = new MemoryQueueStore()
  const start = localTimeMs(date, '00:00', offset)
  await store.configureHall(day.hall, document, runtime, { now: start })
  const sched = new Scheduler(start)
  const hall = new SimulatedHall(
    day,
    new StoreHallPort(store, day.hall, runtime, `${day.id}-${date}`),
    sched,
    rng.fork(2),
  )
  hall.plan(date, offset, citizens)
  await sched.run()
  const events = await store.eventsSince(day.hall, 0, 1_000_000)
  await store.close()
  return { day, date, seed, document, runtime, utcOffsetMin: offset, events }
}
