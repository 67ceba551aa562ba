// What "nothing lost, nothing doubled" means, checked the same way in every failure test:
//  - every ticket a client was told about (2xx) exists, with the number it was told;
//  - one ticket per idempotency key, one key per ticket, numbers unique per service;
//  - the store issued exactly as many tickets as there were keys (no ghost from a retry);
//  - no ticket was called twice (events), and no two clerks were handed the same ticket.
import type { Test } from 'tap'
import type { QueueEvent } from '../../../src/domain/types.ts'
import type { LoadResult } from './load.ts'

export interface AuditFigures {
  acknowledged: number
  lost: number
  duplicated: number
  calledTwice: number
  ghosts: number
}

export async function auditRun(
  t: Test,
  load: LoadResult,
  events: QueueEvent[],
  ticketNumber: (id: string) => Promise<string | null>,
): Promise<AuditFigures> {
  let lost = 0
  for (const rec of load.issued) {
    const number = await ticketNumber(rec.id)
    if (number !== rec.number) {
      lost++
      t.fail(`ticket ${rec.number} (${rec.id}, key ${rec.key}) acknowledged but the store says ${number}`)
    }
  }
  const byKey = new Map(load.issued.map((r) => [r.key, r.id]))
  const ids = new Set(load.issued.map((r) => r.id))
  const numbers = new Set(load.issued.map((r) => r.number))
  const duplicated = load.issued.length - byKey.size + (byKey.size - ids.size) + (ids.size - numbers.size)
  t.equal(byKey.size, load.issued.length, 'each key answered once')
  t.equal(ids.size, byKey.size, 'one ticket per key')
  t.equal(numbers.size, ids.size, 'every number unique')

  const issuedEvents = events.filter((e) => e.type === 'ticket.issued')
  const ghosts = issuedEvents.filter((e) => !ids.has(e.ticket!)).length
  t.equal(ghosts, 0, 'no ticket issued that no client holds (a retry never made a second one)')
  t.equal(new Set(issuedEvents.map((e) => e.number)).size, issuedEvents.length, 'numbers unique in the store')

  const calls = new Map<string, number>()
  for (const e of events) if (e.type === 'ticket.called') calls.set(e.ticket!, (calls.get(e.ticket!) ?? 0) + 1)
  const calledTwice = [...calls.values()].filter((n) => n > 1).length
  t.equal(calledTwice, 0, 'no ticket called twice')
  const handed = load.called.map((c) => c.id)
  t.equal(new Set(handed).size, handed.length, 'no two call-next answers named the same ticket')
  for (const id of handed) if (!calls.has(id)) t.fail(`call of ${id} answered but not in the events`)
  return { acknowledged: load.issued.length, lost, duplicated, calledTwice, ghosts }
}
