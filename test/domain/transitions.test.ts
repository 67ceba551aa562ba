// The status table of docs/queue-semantics.md, checked against src/domain/transitions.ts.
import t from 'tap'
import { ALLOWED_FROM, canApply, isAtWindow, type TicketOperation } from '../../src/domain/transitions.ts'
import type { TicketStatus } from '../../src/domain/types.ts'

const STATUSES: TicketStatus[] = ['waiting', 'called', 'serving', 'held', 'done', 'no_show', 'cancelled']

const DOC_TABLE: Record<TicketOperation, TicketStatus[]> = {
  start: ['called'],
  complete: ['called', 'serving'],
  noShow: ['called'],
  hold: ['called', 'serving'],
  resume: ['held'],
  transfer: ['waiting', 'called', 'serving', 'held'],
  requeue: ['no_show'],
  cancel: ['waiting', 'called', 'held', 'no_show'],
}

t.same(Object.keys(ALLOWED_FROM).sort(), Object.keys(DOC_TABLE).sort(), 'the same operations')

for (const [op, from] of Object.entries(DOC_TABLE) as [TicketOperation, TicketStatus[]][]) {
  t.test(op, async (t) => {
    for (const s of STATUSES) t.equal(canApply(op, s), from.includes(s), `${op} from ${s}`)
  })
}

t.test('done and cancelled are final', async (t) => {
  for (const op of Object.keys(DOC_TABLE) as TicketOperation[]) {
    t.notOk(canApply(op, 'done'))
    t.notOk(canApply(op, 'cancelled'))
  }
})

t.test('only called and serving tickets occupy a window', async (t) => {
  t.same(STATUSES.filter(isAtWindow), ['called', 'serving'])
})
