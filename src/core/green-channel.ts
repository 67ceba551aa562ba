// Which class a walk-in ticket gets. Staff at a desk (clerks, managers, admins) choose any
// priority class. Where the hall document has a `greenChannel` rule, kiosks need eligibility for
// it (an ID card showing at least `minAge` years) and an eligible ID gets it without asking;
// other priority classes (appointments) are never chosen by a kiosk. Phones never get a priority
// class: nothing there proves who types the ID number. Without the rule, kiosks choose freely.
import type { HallDocument } from '../config/hall-document.ts'
import { QmsError } from '../domain/errors.ts'
import { NORMAL_CLASS, type HallRuntime } from '../domain/types.ts'
import { ageOn } from '../identity/id-card.ts'
import { priorityClassOf, type PriorityInput } from './priority.ts'

export type IssueChannel = 'staff' | 'kiosk' | 'public'

/** What the rule needs to know of the holder: the birth date read from an ID card, if any. */
export interface Holder {
  birthDate?: string | null
}

export interface ClassRequest {
  requested: PriorityInput
  channel: IssueChannel
  person: Holder | null
  date: string // hall-local business date (the age is taken on it)
}

/** True when the person's ID card shows the green channel's minimum age on `date`. */
export function isAgeEligible(doc: HallDocument, person: Holder | null, date: string): boolean {
  const minAge = doc.greenChannel?.minAge
  if (minAge === undefined || !person?.birthDate) return false
  return ageOn(person.birthDate, date) >= minAge
}

export function ticketClassFor(doc: HallDocument, runtime: HallRuntime, req: ClassRequest): string {
  const cls = priorityClassOf(runtime, req.requested)
  const rule = doc.greenChannel
  if (req.channel === 'staff' || (rule === undefined && req.channel === 'kiosk')) return cls
  if (req.channel === 'public') {
    if (cls !== NORMAL_CLASS) {
      throw new QmsError(
        'QMS_ERR_FORBIDDEN',
        '优先号请到服务台或自助机领取 / priority tickets are issued at the desk or a kiosk',
      )
    }
    return cls
  }
  const eligible = Object.hasOwn(runtime.classes, rule!.class) && isAgeEligible(doc, req.person, req.date)
  if (cls === NORMAL_CLASS) return eligible && req.requested === undefined ? rule!.class : NORMAL_CLASS
  if (cls === rule!.class && eligible) return cls
  throw new QmsError(
    'QMS_ERR_NOT_ELIGIBLE',
    '绿色通道请刷身份证或到服务台办理 / the green channel needs an eligible ID card, or ask at the service desk',
    { class: cls },
  )
}
