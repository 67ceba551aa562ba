// The hall configuration document as written by a hall's administrator (JSON or YAML).
// The schema checks shape only; cross-references, times and dates are checked in validate-hall.ts,
// which also fills in the defaults (see docs/hall-document.md for the field reference).

import { Type, type Static } from 'typebox'

export const ID_PATTERN = '^[A-Za-z0-9_-]{1,32}$'
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
export type Weekday = (typeof WEEKDAYS)[number]

const Id = Type.String({ pattern: ID_PATTERN })
const Name = Type.String({ minLength: 1, maxLength: 64 })
const WeekdayName = Type.Enum([...WEEKDAYS])
/** Times and dates are plain strings here so the validator can say exactly what is wrong with them. */
const Time = Type.String({ maxLength: 5 })
const DateString = Type.String({ maxLength: 10 })

export const PeriodSchema = Type.Object({ open: Time, close: Time }, { additionalProperties: false })

const DayPeriods = Type.Array(PeriodSchema, { maxItems: 8 })

export const HoursSchema = Type.Object(
  {
    weekly: Type.Object(
      {
        mon: Type.Optional(DayPeriods),
        tue: Type.Optional(DayPeriods),
        wed: Type.Optional(DayPeriods),
        thu: Type.Optional(DayPeriods),
        fri: Type.Optional(DayPeriods),
        sat: Type.Optional(DayPeriods),
        sun: Type.Optional(DayPeriods),
      },
      { additionalProperties: false },
    ),
    holidays: Type.Optional(Type.Array(DateString, { maxItems: 400 })),
    /** 调休 make-up working days: open although they fall on a weekend. */
    workdays: Type.Optional(Type.Array(DateString, { maxItems: 400 })),
    /** Whose hours a make-up working day follows (default mon). */
    workdaysFollow: Type.Optional(WeekdayName),
    /** 延时服务: how long windows are expected to keep serving after closing. Never extends issuing. */
    overtimeMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 240 })),
    /** Stop issuing a service earlier when its waiting tickets cannot be served before closing
     *  plus `overtimeMinutes` (default true). */
    capacityCutoff: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)

export const ServiceSchema = Type.Object(
  {
    id: Id,
    name: Name,
    nameEn: Type.Optional(Name),
    prefix: Type.String({ pattern: '^[A-Z]{1,2}$' }),
    category: Type.Optional(Type.Enum(['personal', 'business'])),
    mode: Type.Optional(Type.Enum(['shared', 'assigned'])),
    weekdays: Type.Optional(Type.Array(WeekdayName, { minItems: 1, maxItems: 7, uniqueItems: true })),
    dailyLimit: Type.Optional(Type.Integer({ minimum: 1, maximum: 99999 })),
    meanHandlingMinutes: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 480 })),
    digits: Type.Optional(Type.Integer({ minimum: 1, maximum: 6 })),
  },
  { additionalProperties: false },
)

export const PolicySchema = Type.Object(
  {
    mode: Type.Optional(Type.Enum(['fifo', 'order', 'weighted'])),
    weights: Type.Optional(Type.Record(Type.String(), Type.Number({ exclusiveMinimum: 0, maximum: 1000 }))),
    maxConsecutivePriority: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    agingMinutes: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1440 })),
  },
  { additionalProperties: false },
)

export const WindowSchema = Type.Object(
  {
    id: Id,
    name: Name,
    nameEn: Type.Optional(Name),
    services: Type.Array(Type.String(), { minItems: 1, maxItems: 64 }),
    policy: Type.Optional(PolicySchema),
  },
  { additionalProperties: false },
)

export const PriorityClassSchema = Type.Object(
  {
    id: Id,
    name: Name,
    nameEn: Type.Optional(Name),
    rank: Type.Integer({ minimum: 1, maximum: 99 }),
    marker: Type.Optional(Type.String({ minLength: 1, maxLength: 4 })),
  },
  { additionalProperties: false },
)

export const RulesSchema = Type.Object(
  {
    maxRecalls: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
    noShow: Type.Optional(
      Type.Object(
        {
          requeue: Type.Optional(Type.Enum(['none', 'tail', 'original'])),
          maxRequeues: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
        },
        { additionalProperties: false },
      ),
    ),
    maxConsecutivePriority: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
)

/** 预约: bookable services and the booking rules (docs/appointments.md). */
export const AppointmentsSchema = Type.Object(
  {
    /** Bookable services: service id → `{perSlot?}` (a cap per slot; never above what the windows allow). */
    services: Type.Record(
      Type.String(),
      Type.Object(
        { perSlot: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })) },
        { additionalProperties: false },
      ),
    ),
    slotMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 240 })),
    /** Share of the serving windows' time offered to appointments (the rest is for walk-ins). */
    share: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    bookDaysAhead: Type.Optional(Type.Integer({ minimum: 0, maximum: 90 })),
    /** Change and cancel are allowed until this long before the slot. */
    changeMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 10080 })),
    checkIn: Type.Optional(
      Type.Object(
        {
          earlyMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 240 })),
          lateMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 240 })),
        },
        { additionalProperties: false },
      ),
    ),
    /** A checked-in appointment is due (may be called) this long before its slot starts. */
    callAheadMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
    noShow: Type.Optional(
      Type.Object(
        {
          /** This many no-shows within `withinDays` restrict booking for `restrictDays`; 0 = never. */
          limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
          withinDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
          restrictDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
        },
        { additionalProperties: false },
      ),
    ),
    /** The priority class of a checked-in appointment's ticket (default `appointment`). */
    class: Type.Optional(Type.String()),
    /** Citizens book without a token (default true). */
    public: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)

/** 绿色通道: who may take a priority ticket without staff (docs/appointments.md). */
export const GreenChannelSchema = Type.Object(
  {
    class: Type.Optional(Type.String()),
    /** An ID card showing this age or more makes a kiosk or phone ticket green automatically. */
    minAge: Type.Optional(Type.Integer({ minimum: 1, maximum: 150 })),
  },
  { additionalProperties: false },
)

/** 好差评: the rating rules and the follow-up of bad ratings (docs/evaluation.md). */
export const EvaluationSchema = Type.Object(
  {
    /** Reasons a citizen may pick for 不满意 / 非常不满意 (default: the evaluator page's six). */
    reasons: Type.Optional(
      Type.Array(Type.Object({ id: Id, name: Name, nameEn: Type.Optional(Name) }, { additionalProperties: false }), {
        minItems: 1,
        maxItems: 20,
      }),
    ),
    /** How long after completion a ticket may still be rated (default 1440 = one day). */
    ratingMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 43200 })),
    /** Working days a bad rating's follow-up case has (default 5). */
    followUpWorkingDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
    /** Who owns new follow-up cases (a staff or token id); absent: unassigned until a manager takes it. */
    caseOwner: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
)

/** Figures the reports measure against (docs/reports.md). */
export const ReportsSchema = Type.Object(
  {
    /** Service level: share of tickets called within this wait (default 15). */
    targetWaitMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 480 })),
  },
  { additionalProperties: false },
)

export const DEVICE_TYPES = ['led', 'board', 'speaker', 'evaluator', 'keypad', 'printer', 'kiosk'] as const

export const DeviceSchema = Type.Object(
  {
    id: Id,
    type: Type.Enum([...DEVICE_TYPES]),
    window: Type.Optional(Type.String()),
    name: Type.Optional(Name),
    /** Device-specific settings; the firmware bridge defines and checks them. */
    profile: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: false },
)

export const HallDocumentSchema = Type.Object(
  {
    name: Name,
    nameEn: Type.Optional(Name),
    timezone: Type.String({ minLength: 1, maxLength: 64 }),
    notice: Type.Optional(Type.String({ maxLength: 200 })),
    hours: Type.Optional(HoursSchema),
    services: Type.Array(ServiceSchema, { minItems: 1, maxItems: 200 }),
    windows: Type.Array(WindowSchema, { minItems: 1, maxItems: 500 }),
    priorityClasses: Type.Optional(Type.Array(PriorityClassSchema, { maxItems: 16 })),
    rules: Type.Optional(RulesSchema),
    publicIssuing: Type.Optional(Type.Boolean()),
    devices: Type.Optional(Type.Array(DeviceSchema, { maxItems: 2000 })),
    appointments: Type.Optional(AppointmentsSchema),
    greenChannel: Type.Optional(GreenChannelSchema),
    evaluation: Type.Optional(EvaluationSchema),
    reports: Type.Optional(ReportsSchema),
  },
  { additionalProperties: false },
)

/** A document as written: most fields optional. */
export type HallDocumentInput = Static<typeof HallDocumentSchema>
export type HallHoursInput = Static<typeof HoursSchema>
export type Period = Static<typeof PeriodSchema>
export type ServiceInput = Static<typeof ServiceSchema>
export type WindowInput = Static<typeof WindowSchema>
export type PriorityClassInput = Static<typeof PriorityClassSchema>
export type DeviceConfig = Static<typeof DeviceSchema>
export type AppointmentsInput = Static<typeof AppointmentsSchema>
export type EvaluationInput = Static<typeof EvaluationSchema>
export type ReportsInput = Static<typeof ReportsSchema>
