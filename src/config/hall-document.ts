// The hall document after validation: every defaulted field filled in. This is what the rest of
// the core reads (compile, calendar, displays), and it is itself a valid input document, so storing
// it and validating it again gives the same result.

import type {
  AppointmentsInput,
  HallDocumentInput,
  Period,
  Weekday,
  DeviceConfig,
  EvaluationInput,
  ReportsInput,
} from './hall-schema.ts'
import { WEEKDAYS } from './hall-schema.ts'
import type { NoShowRequeue, PolicyMode, ServiceMode } from '../domain/types.ts'

export type { Period, Weekday, DeviceConfig }
export type ServiceCategory = 'personal' | 'business'

export interface HallHours {
  weekly: Record<Weekday, Period[]> // every day present; [] = closed that day
  holidays: string[] // YYYY-MM-DD, closed
  workdays: string[] // YYYY-MM-DD, 调休 make-up working days, open with the hours of `workdaysFollow`
  workdaysFollow: Weekday
  overtimeMinutes: number
  capacityCutoff?: boolean // filled in (default true) by withDefaults; absent counts as true
}

export interface ServiceConfig {
  id: string
  name: string
  nameEn?: string
  prefix: string
  category: ServiceCategory
  mode: ServiceMode
  weekdays?: Weekday[] // absent = every day the hall is open
  dailyLimit?: number // absent = no limit
  meanHandlingMinutes: number
  digits: number
}

export interface WindowPolicyConfig {
  mode: PolicyMode
  weights: Record<string, number> // only those given; compile fills 1 for the rest
  maxConsecutivePriority: number
  agingMinutes: number
}

export interface WindowConfig {
  id: string
  name: string
  nameEn?: string
  services: string[]
  policy: WindowPolicyConfig
}

export interface PriorityClassConfig {
  id: string
  name: string
  nameEn?: string
  rank: number
  marker?: string
}

export interface HallRulesConfig {
  maxRecalls: number
  noShow: { requeue: NoShowRequeue; maxRequeues: number }
  maxConsecutivePriority: number
}

export interface AppointmentsConfig {
  services: Record<string, { perSlot?: number }>
  slotMinutes: number
  share: number
  bookDaysAhead: number
  changeMinutes: number
  checkIn: { earlyMinutes: number; lateMinutes: number }
  callAheadMinutes: number
  noShow: { limit: number; withinDays: number; restrictDays: number }
  class: string
  public: boolean
}

export interface GreenChannelConfig {
  class: string
  minAge?: number
}

export interface HallDocument {
  name: string
  nameEn?: string
  timezone: string
  notice?: string
  hours?: HallHours // absent = always open
  services: ServiceConfig[]
  windows: WindowConfig[]
  priorityClasses: PriorityClassConfig[]
  rules: HallRulesConfig
  publicIssuing: boolean
  devices: DeviceConfig[]
  appointments?: AppointmentsConfig // absent = no bookings
  greenChannel?: GreenChannelConfig // absent = kiosks may ask for any priority class (no eligibility rule)
  evaluation?: EvaluationInput // absent = defaults (src/evaluation/settings.ts)
  reports?: ReportsInput // absent = defaults (src/evaluation/settings.ts)
}

export const DEFAULTS = {
  category: 'personal',
  serviceMode: 'shared',
  meanHandlingMinutes: 10,
  digits: 3,
  policyMode: 'fifo',
  agingMinutes: 30,
  maxRecalls: 3,
  noShowRequeue: 'tail',
  maxRequeues: 1,
  maxConsecutivePriority: 3,
  workdaysFollow: 'mon',
  overtimeMinutes: 30,
  publicIssuing: true,
  capacityCutoff: true,
  appointments: {
    slotMinutes: 30,
    share: 0.5,
    bookDaysAhead: 7,
    changeMinutes: 120,
    earlyMinutes: 15,
    lateMinutes: 10,
    callAheadMinutes: 0,
    noShowLimit: 3,
    noShowWithinDays: 90,
    noShowRestrictDays: 30,
    class: 'appointment',
    public: true,
  },
  greenChannelClass: 'green',
} as const

/** Used when a document has no `priorityClasses` at all (an empty list means: no priority classes). */
export const DEFAULT_PRIORITY_CLASSES: readonly PriorityClassConfig[] = [
  { id: 'green', name: '绿色通道', nameEn: 'Green channel', rank: 2, marker: '绿' },
  { id: 'appointment', name: '预约', nameEn: 'Appointment', rank: 1, marker: '约' },
]

/** Fills every default. The input must already have passed the schema check. */
export function withDefaults(input: HallDocumentInput): HallDocument {
  const rules: HallRulesConfig = {
    maxRecalls: input.rules?.maxRecalls ?? DEFAULTS.maxRecalls,
    noShow: {
      requeue: input.rules?.noShow?.requeue ?? DEFAULTS.noShowRequeue,
      maxRequeues: input.rules?.noShow?.maxRequeues ?? DEFAULTS.maxRequeues,
    },
    maxConsecutivePriority: input.rules?.maxConsecutivePriority ?? DEFAULTS.maxConsecutivePriority,
  }
  const doc: HallDocument = {
    name: input.name,
    ...(input.nameEn !== undefined && { nameEn: input.nameEn }),
    timezone: input.timezone,
    ...(input.notice !== undefined && { notice: input.notice }),
    services: input.services.map((s) => ({
      ...s,
      category: s.category ?? DEFAULTS.category,
      mode: s.mode ?? DEFAULTS.serviceMode,
      meanHandlingMinutes: s.meanHandlingMinutes ?? DEFAULTS.meanHandlingMinutes,
      digits: s.digits ?? DEFAULTS.digits,
    })),
    windows: input.windows.map((w) => ({
      ...w,
      services: [...w.services],
      policy: {
        mode: w.policy?.mode ?? DEFAULTS.policyMode,
        weights: { ...(w.policy?.weights ?? {}) },
        maxConsecutivePriority: w.policy?.maxConsecutivePriority ?? rules.maxConsecutivePriority,
        agingMinutes: w.policy?.agingMinutes ?? DEFAULTS.agingMinutes,
      },
    })),
    priorityClasses: (input.priorityClasses ?? DEFAULT_PRIORITY_CLASSES).map((c) => ({ ...c })),
    rules,
    publicIssuing: input.publicIssuing ?? DEFAULTS.publicIssuing,
    devices: (input.devices ?? []).map((d) => ({ ...d })),
  }
  if (input.hours !== undefined) {
    const weekly = Object.fromEntries(WEEKDAYS.map((d) => [d, (input.hours!.weekly[d] ?? []).map((p) => ({ ...p }))]))
    doc.hours = {
      weekly: weekly as Record<Weekday, Period[]>,
      holidays: [...(input.hours.holidays ?? [])],
      workdays: [...(input.hours.workdays ?? [])],
      workdaysFollow: input.hours.workdaysFollow ?? DEFAULTS.workdaysFollow,
      overtimeMinutes: input.hours.overtimeMinutes ?? DEFAULTS.overtimeMinutes,
      capacityCutoff: input.hours.capacityCutoff ?? DEFAULTS.capacityCutoff,
    }
  }
  if (input.appointments !== undefined) doc.appointments = appointmentsWithDefaults(input.appointments)
  if (input.greenChannel !== undefined) {
    const g = input.greenChannel
    doc.greenChannel = {
      class: g.class ?? DEFAULTS.greenChannelClass,
      ...(g.minAge !== undefined && { minAge: g.minAge }),
    }
  }
  // Kept as written (defaults are applied where they are read: src/evaluation/settings.ts).
  if (input.evaluation !== undefined) doc.evaluation = structuredClone(input.evaluation)
  if (input.reports !== undefined) doc.reports = { ...input.reports }
  return doc
}

function appointmentsWithDefaults(a: AppointmentsInput): AppointmentsConfig {
  const d = DEFAULTS.appointments
  return {
    services: Object.fromEntries(Object.entries(a.services).map(([id, s]) => [id, { ...s }])),
    slotMinutes: a.slotMinutes ?? d.slotMinutes,
    share: a.share ?? d.share,
    bookDaysAhead: a.bookDaysAhead ?? d.bookDaysAhead,
    changeMinutes: a.changeMinutes ?? d.changeMinutes,
    checkIn: {
      earlyMinutes: a.checkIn?.earlyMinutes ?? d.earlyMinutes,
      lateMinutes: a.checkIn?.lateMinutes ?? d.lateMinutes,
    },
    callAheadMinutes: a.callAheadMinutes ?? d.callAheadMinutes,
    noShow: {
      limit: a.noShow?.limit ?? d.noShowLimit,
      withinDays: a.noShow?.withinDays ?? d.noShowWithinDays,
      restrictDays: a.noShow?.restrictDays ?? d.noShowRestrictDays,
    },
    class: a.class ?? d.class,
    public: a.public ?? d.public,
  }
}
