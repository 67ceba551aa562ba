// Whether the hall issues tickets now and which services run today, from the hall document
// (the same rules as src/domain/calendar.ts, which the server enforces; this only informs the
// kiosk's buttons before a tap). Hall-local time comes from Intl with the hall's timezone.

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

export function hallLocal(timezone, now = Date.now()) {
  const parts = {}
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  })
  for (const p of f.formatToParts(now)) parts[p.type] = p.value
  const date = `${parts.year}-${parts.month}-${parts.day}`
  return {
    date,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
    weekday: WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()],
  }
}

const minutes = (hhmm) => {
  const [h, m] = hhmm.split(':').map(Number)
  return h * 60 + m
}

function effectiveWeekday(hours, local) {
  return hours?.workdays?.includes(local.date) ? (hours.workdaysFollow ?? 'mon') : local.weekday
}

/** Today's opening periods ([] on holidays and closed days; all day when the hall has no hours). */
export function periodsToday(doc, local) {
  const hours = doc.hours
  if (!hours) return [{ open: '00:00', close: '24:00' }]
  if (hours.holidays?.includes(local.date)) return []
  return hours.weekly?.[effectiveWeekday(hours, local)] ?? []
}

export function hallOpenNow(doc, now = Date.now()) {
  const local = hallLocal(doc.timezone, now)
  return periodsToday(doc, local).some((p) => minutes(p.open) <= local.minute && local.minute < minutes(p.close))
}

export function serviceRunsToday(doc, service, now = Date.now()) {
  if (!service.weekdays) return true
  const local = hallLocal(doc.timezone, now)
  return service.weekdays.includes(effectiveWeekday(doc.hours, local))
}

/** "09:00–12:00, 13:00–17:00" for today, or '' when closed all day. */
export function todayHoursText(doc, now = Date.now()) {
  return periodsToday(doc, hallLocal(doc.timezone, now))
    .map((p) => `${p.open}–${p.close}`)
    .join(', ')
}
