// A hall's allocation state in the engine, and how it is kept current: today's statistics caught
// up from the store's event stream, today's forecast loaded once a day from the arrival history.

import type { HallDocument } from '../config/hall-document.ts'
import { businessDate, localTime } from '../domain/calendar.ts'
import type { Alarm } from '../domain/alloc/alarms.ts'
import { forecastDay } from '../domain/alloc/forecast.ts'
import { applyEvent, newHallStats, type HallStats } from '../domain/alloc/stats.ts'
import {
  DEFAULT_SETTINGS,
  emptyMemory,
  type AllocSettings,
  type ControllerMemory,
  type GroupFigures,
} from '../domain/alloc/types.ts'
import type { QueueStore } from '../store/port.ts'
import type { StoredProposal } from './alloc-log.ts'
import { loadForecastHistory, type ArrivalHistorySource } from './history-source.ts'

const EVENTS_PER_READ = 5000

export interface HallState {
  settings: AllocSettings
  memory: ControllerMemory
  stats: HallStats | null
  statsDate: string
  forecast: { date: string; slots: Record<string, number[]> | null } | null
  proposals: Map<string, StoredProposal>
  alarms: Map<string, Alarm>
  groups: GroupFigures[]
  lastTickAt: number | null
}

export const newHallState = (): HallState => ({
  settings: { ...DEFAULT_SETTINGS },
  memory: emptyMemory(),
  stats: null,
  statsDate: '',
  forecast: null,
  proposals: new Map(),
  alarms: new Map(),
  groups: [],
  lastTickAt: null,
})

/** Today's statistics, folded from the queue events not yet seen (from seq 0 at start-up). */
export async function catchUp(
  store: QueueStore,
  hall: string,
  st: HallState,
  timezone: string,
  now: number,
): Promise<HallStats> {
  const today = businessDate(timezone, now)
  if (!st.stats || st.statsDate !== today) {
    const seen = st.stats?.lastSeq ?? 0 // a new day goes on from yesterday's last event
    st.stats = newHallStats(timezone, st.settings.targetWaitSec)
    st.stats.lastSeq = seen
    st.statsDate = today
  }
  st.stats.targetWaitSec = st.settings.targetWaitSec
  for (;;) {
    const events = await store.eventsSince(hall, st.stats.lastSeq, EVENTS_PER_READ)
    for (const e of events) {
      if (localTime(timezone, e.at).date === today) applyEvent(st.stats, e)
      else st.stats.lastSeq = e.seq
    }
    if (events.length < EVENTS_PER_READ) return st.stats
  }
}

export async function todaysForecast(
  source: ArrivalHistorySource | undefined,
  hall: string,
  st: HallState,
  document: HallDocument,
  now: number,
): Promise<Record<string, number[]> | null> {
  const today = businessDate(document.timezone, now)
  if (st.forecast?.date === today) return st.forecast.slots
  let slots: Record<string, number[]> | null = null
  if (source) {
    const history = await loadForecastHistory(source, hall, document.timezone, today)
    if (history.size > 0) {
      const f = forecastDay(
        history,
        document.hours,
        today,
        document.services.map((s) => s.id),
      )
      slots = Object.fromEntries(Object.entries(f).map(([s, x]) => [s, x.slots]))
    }
  }
  st.forecast = { date: today, slots }
  return slots
}
