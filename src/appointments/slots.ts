// Bookable slots of a service on a day, from the hall's hours and the windows serving it. Pure.
// Slots tile each opening period from its start (a lunch break has none); a slot must end by the
// period's close. Capacity per slot is the configured `perSlot`, never more than the share of the
// serving windows' time offered to appointments allows (the rest stays for walk-ins):
//   max = floor(share × windows serving the service × slotMinutes / meanHandlingMinutes)
import type { AppointmentsConfig, HallDocument } from '../config/hall-document.ts'
import { effectiveWeekday, parseHHMM, periodsOn } from '../domain/calendar.ts'

export interface Slot {
  start: string // HH:MM hall-local
  end: string
  startMinute: number // minutes past local midnight
  capacity: number
}

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`

/** The most appointments one slot of `serviceId` may take (0 when the service has no windows). */
export function maxPerSlot(doc: HallDocument, cfg: AppointmentsConfig, serviceId: string): number {
  const service = doc.services.find((s) => s.id === serviceId)
  if (!service) return 0
  const windows = doc.windows.filter((w) => w.services.includes(serviceId)).length
  return Math.floor((cfg.share * windows * cfg.slotMinutes) / service.meanHandlingMinutes + 1e-9)
}

export function slotCapacity(doc: HallDocument, cfg: AppointmentsConfig, serviceId: string): number {
  const max = maxPerSlot(doc, cfg, serviceId)
  const configured = cfg.services[serviceId]?.perSlot
  return configured === undefined ? max : Math.min(configured, max)
}

/** Every slot of the service on `date` (YYYY-MM-DD); [] when it is not bookable that day. */
export function slotsOn(doc: HallDocument, serviceId: string, date: string): Slot[] {
  const cfg = doc.appointments
  const service = doc.services.find((s) => s.id === serviceId)
  if (!cfg || !service || !Object.hasOwn(cfg.services, serviceId)) return []
  if (service.weekdays !== undefined && !service.weekdays.includes(effectiveWeekday(doc.hours, date))) return []
  const capacity = slotCapacity(doc, cfg, serviceId)
  const slots: Slot[] = []
  for (const p of periodsOn(doc.hours, date)) {
    const open = parseHHMM(p.open) ?? 0
    const close = parseHHMM(p.close, true) ?? 0
    for (let t = open; t + cfg.slotMinutes <= close; t += cfg.slotMinutes) {
      slots.push({ start: hhmm(t), end: hhmm(t + cfg.slotMinutes), startMinute: t, capacity })
    }
  }
  return slots
}
