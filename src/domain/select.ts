// The calling policy: which waiting ticket a window calls next. Pure; the Redis script
// call-next mirrors it line for line (src/store/redis/commands/includes/selectNext.lua).

import type { CallRule, QueueId, WindowPolicy } from './types.ts'

/** The head of one class band of one queue. */
export interface Candidate {
  queue: QueueId
  service: string | null // null for the window's own queue
  band: number // 0 is called first
  orderAt: number
  ticketId: string
}

export interface SelectInput {
  window: string
  services: string[] // the window's services, in policy order
  policy: WindowPolicy
  normalBand: number
  consecutivePriority: number
  now: number
  candidates: Candidate[]
}

export interface Selection {
  candidate: Candidate
  rule: CallRule
  consecutivePriority: number
}

const byBandThenAge = (a: Candidate, b: Candidate): number =>
  a.band - b.band || a.orderAt - b.orderAt || (a.ticketId < b.ticketId ? -1 : a.ticketId > b.ticketId ? 1 : 0)

export function selectNext(input: SelectInput): Selection | null {
  const { policy, normalBand, now } = input
  // Not before its time: a ticket whose orderAt is still ahead (an appointment checked in early)
  // is not a candidate yet. Queues are ordered by orderAt within a band, so a band head that is
  // not due means nothing behind it in that band is due either.
  const candidates = input.candidates.filter((c) => c.orderAt <= now)
  const serviceRank = (c: Candidate): number => (c.service === null ? -1 : input.services.indexOf(c.service))
  const done = (candidate: Candidate, rule: CallRule): Selection => ({
    candidate,
    rule,
    consecutivePriority: candidate.band < normalBand ? input.consecutivePriority + 1 : 0,
  })

  const own = candidates.filter((c) => c.queue === `w:${input.window}`)
  if (own.length > 0) return done(own.sort(byBandThenAge)[0]!, 'window-queue')

  const shared = candidates.filter((c) => c.queue !== `w:${input.window}`)
  if (shared.length === 0) return null

  const overdue = shared.filter((c) => now - c.orderAt >= policy.agingSec * 1000)
  if (overdue.length > 0) {
    overdue.sort((a, b) => a.orderAt - b.orderAt || a.band - b.band || serviceRank(a) - serviceRank(b))
    return done(overdue[0]!, 'aging')
  }

  const priority = shared.filter((c) => c.band < normalBand)
  const normal = shared.filter((c) => c.band >= normalBand)
  const capReached = input.consecutivePriority >= policy.maxConsecutivePriority
  if (priority.length > 0 && (!capReached || normal.length === 0)) {
    return done(priority.sort(byBandThenAge)[0]!, 'priority')
  }

  const rule = (mode: CallRule): CallRule => (priority.length > 0 ? 'priority-cap' : mode)
  switch (policy.mode) {
    case 'order': {
      normal.sort((a, b) => serviceRank(a) - serviceRank(b) || a.orderAt - b.orderAt)
      return done(normal[0]!, rule('order'))
    }
    case 'weighted': {
      const score = (c: Candidate): number => (now - c.orderAt) * (policy.weights[c.service ?? ''] ?? 1)
      normal.sort((a, b) => score(b) - score(a) || a.orderAt - b.orderAt || serviceRank(a) - serviceRank(b))
      return done(normal[0]!, rule('weighted'))
    }
    default: {
      normal.sort((a, b) => a.orderAt - b.orderAt || serviceRank(a) - serviceRank(b))
      return done(normal[0]!, rule('fifo'))
    }
  }
}
