// ISO 8601 timestamps in the hall's own offset (`2025-03-03T09:05:00+08:00`), so a client shows
// hall time without knowing time zones.

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    })
    formatters.set(timezone, f)
  }
  return f
}

/** `GMT+08:00` → `+08:00`; `GMT` (UTC itself) → `Z`. */
const offsetOf = (name: string): string => (name === 'GMT' ? 'Z' : name.replace('GMT', ''))

interface Offset {
  minutes: number
  text: string // as the exact path writes it: `+08:00`, `Z`
}

/** The zone's offset at `epochMs`, or null when Intl shows seconds (historic local mean time). */
function offsetAt(epochMs: number, timezone: string): Offset | null {
  const name =
    formatterFor(timezone)
      .formatToParts(epochMs)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT'
  if (name === 'GMT') return { minutes: 0, text: offsetOf(name) }
  const m = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name)
  if (!m) return null
  return { minutes: (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])), text: offsetOf(name) }
}

const HOUR_MS = 3_600_000
/** Per zone, a few recent hours whose offset is the same at both ends (no transition inside). */
const hourOffsets = new Map<string, Map<number, Offset | null>>()

/** Offset for the whole hour around `epochMs`, or null when the hour holds a transition. */
function hourOffset(epochMs: number, timezone: string): Offset | null {
  const hour = Math.floor(epochMs / HOUR_MS)
  let zone = hourOffsets.get(timezone)
  if (zone === undefined) hourOffsets.set(timezone, (zone = new Map()))
  let offset = zone.get(hour)
  if (offset === undefined) {
    const start = offsetAt(hour * HOUR_MS, timezone)
    const end = offsetAt(hour * HOUR_MS + HOUR_MS - 1, timezone)
    offset = start !== null && end !== null && start.text === end.text ? start : null
    if (zone.size >= 64) zone.delete(zone.keys().next().value!)
    zone.set(hour, offset)
  }
  return offset
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/**
 * Formatting with Intl costs several microseconds, and the API renders a handful of times per
 * ticket on every call; the offset only changes at a zone's transitions. So the offset is looked
 * up once per hour of time (checked at both ends of the hour) and the fields are computed from
 * the shifted instant; hours with a transition and unusual dates take the exact Intl path.
 */
export function isoInZone(epochMs: number, timezone: string): string {
  const offset = hourOffset(epochMs, timezone)
  if (offset !== null) {
    const d = new Date(epochMs + offset.minutes * 60_000)
    const year = d.getUTCFullYear()
    if (year >= 1000 && year <= 9999) {
      const ms = ((epochMs % 1000) + 1000) % 1000
      return (
        `${year}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:` +
        `${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${ms === 0 ? '' : `.${pad(ms, 3)}`}${offset.text}`
      )
    }
  }
  return isoInZoneExact(epochMs, timezone)
}

/** The reference: every field from Intl (also used for hours that hold an offset transition). */
export function isoInZoneExact(epochMs: number, timezone: string): string {
  const parts: Record<string, string> = {}
  for (const p of formatterFor(timezone).formatToParts(epochMs)) parts[p.type] = p.value
  const ms = String(((epochMs % 1000) + 1000) % 1000).padStart(3, '0')
  const fraction = ms === '000' ? '' : `.${ms}`
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${fraction}${offsetOf(parts.timeZoneName ?? 'GMT')}`
}

export const isoOrNull = (epochMs: number | null, timezone: string): string | null =>
  epochMs === null ? null : isoInZone(epochMs, timezone)
