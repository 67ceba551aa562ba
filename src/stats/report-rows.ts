// Turns the raw SQL figures of one dimension into report rows: counts as they are, times rounded
// to whole seconds, rates as fractions (numerator and denominator are given too).
import type { Dimension, RawRow } from './report-query.ts'

export interface ReportRow {
  key: Record<string, string | number>
  issued: number
  served: number
  noShow: number
  cancelled: number
  expired: number
  open: number
  called: number
  meanWaitSec: number | null
  p90WaitSec: number | null
  maxWaitSec: number | null
  meanHandleSec: number | null
  p90HandleSec: number | null
  serviceLevel: number | null
  serviceLevelIn: number
  serviceLevelBase: number
  etaCount: number
  etaMaeSec: number | null
  etaBiasSec: number | null
  etaWithin5MinRate: number | null
  ratings: number
  satisfied: number
  bad: number
  satisfaction: number | null
  meanGrade: number | null
  cases: number
  casesClosed: number
  casesOnTime: number
  casesOverdue: number
  casesDue: number
  closureOnTimeRate: number | null
  openSec: number | null
  pausedSec: number | null
  busySec: number | null
  idleSec: number | null
  utilisation: number | null
  servedPerOpenHour: number | null
}

const KEY_NAMES: Record<Dimension, string[]> = {
  total: [],
  hall: ['hall'],
  service: ['service'],
  window: ['hall', 'window'],
  clerk: ['clerk'],
  hour: ['hour'],
  date: ['date'],
  serviceHour: ['service', 'hour'],
}
const NUMERIC_KEYS = new Set(['hour'])

const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v))
const sec = (v: unknown): number | null => (v === null || v === undefined ? null : Math.round(Number(v) / 1000))
export const ratio = (num: number, den: number): number | null =>
  den > 0 ? Math.round((num / den) * 10_000) / 10_000 : null

export function mergeRows(
  dim: Dimension,
  sources: { tickets: RawRow[]; ratings: RawRow[]; cases: RawRow[]; windows: RawRow[] },
): ReportRow[] {
  const merged = new Map<string, Record<string, unknown>>()
  for (const list of [sources.tickets, sources.ratings, sources.cases, sources.windows])
    for (const r of list) {
      const id = r.key.join('\u0001')
      merged.set(id, { ...(merged.get(id) ?? {}), ...r })
    }
  const names = KEY_NAMES[dim]
  const out = [...merged.values()].map((r) => toRow(names, r))
  return out.sort((a, b) => compareKeys(names, a.key, b.key))
}

function toRow(names: string[], r: Record<string, unknown>): ReportRow {
  const key = Object.fromEntries(
    names.map((name, i) => {
      const v = (r.key as string[])[i] ?? ''
      return [name, NUMERIC_KEYS.has(name) ? Number(v) : v]
    }),
  )
  const slIn = n(r.sl_in)
  const slBase = n(r.sl_base)
  const etaN = n(r.eta_n)
  const ratings = n(r.ratings)
  const satisfied = n(r.satisfied)
  const onTime = n(r.cases_on_time)
  const due = n(r.cases_due)
  const openMs = r.open_ms === undefined ? null : n(r.open_ms)
  const busyMs = r.busy_ms === undefined ? null : n(r.busy_ms)
  const served = n(r.served)
  return {
    key,
    issued: n(r.issued),
    served,
    noShow: n(r.no_show),
    cancelled: n(r.cancelled),
    expired: n(r.expired),
    open: n(r.open),
    called: n(r.called),
    meanWaitSec: sec(r.mean_wait_ms),
    p90WaitSec: sec(r.p90_wait_ms),
    maxWaitSec: sec(r.max_wait_ms),
    meanHandleSec: sec(r.mean_handle_ms),
    p90HandleSec: sec(r.p90_handle_ms),
    serviceLevel: ratio(slIn, slBase),
    serviceLevelIn: slIn,
    serviceLevelBase: slBase,
    etaCount: etaN,
    etaMaeSec: sec(r.eta_mae_ms),
    etaBiasSec: sec(r.eta_bias_ms),
    etaWithin5MinRate: ratio(n(r.eta_within5), etaN),
    ratings,
    satisfied,
    bad: n(r.bad),
    satisfaction: ratio(satisfied, ratings),
    meanGrade:
      r.mean_grade === undefined || r.mean_grade === null ? null : Math.round(Number(r.mean_grade) * 100) / 100,
    cases: n(r.cases),
    casesClosed: n(r.cases_closed),
    casesOnTime: onTime,
    casesOverdue: n(r.cases_overdue),
    casesDue: due,
    closureOnTimeRate: ratio(onTime, due),
    openSec: sec(r.open_ms),
    pausedSec: sec(r.paused_ms),
    busySec: sec(r.busy_ms),
    idleSec: sec(r.idle_ms),
    utilisation: openMs === null || busyMs === null ? null : ratio(busyMs, openMs),
    servedPerOpenHour: openMs ? Math.round((served / (openMs / 3_600_000)) * 100) / 100 : null,
  }
}

function compareKeys(names: string[], a: ReportRow['key'], b: ReportRow['key']): number {
  for (const name of names) {
    const x = a[name]!
    const y = b[name]!
    if (x === y) continue
    return typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : 1
  }
  return 0
}
