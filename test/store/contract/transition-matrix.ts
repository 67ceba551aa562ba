// The status table of docs/queue-semantics.md, exhaustively: every ticket operation from every
// status. Allowed pairs reach the documented status with exactly one event; the others fail with
// QMS_ERR_INVALID_TRANSITION and change nothing.
import type { Test } from 'tap'
import type { EventType, TicketStatus } from '../../../src/domain/types.ts'
import { setupHall, type HallFixture, type MakeStore } from './harness.ts'

type Op = 'start' | 'complete' | 'noShow' | 'hold' | 'resume' | 'transfer' | 'requeue' | 'cancel'

const STATUSES: TicketStatus[] = ['waiting', 'called', 'serving', 'held', 'done', 'no_show', 'cancelled']

/** The table, written out again here on purpose (not imported) so the suite checks the code. */
const TABLE: Record<Op, { from: TicketStatus[]; to: TicketStatus; event: EventType }> = {
  start: { from: ['called'], to: 'serving', event: 'ticket.started' },
  complete: { from: ['called', 'serving'], to: 'done', event: 'ticket.done' },
  noShow: { from: ['called'], to: 'no_show', event: 'ticket.no_show' },
  hold: { from: ['called', 'serving'], to: 'held', event: 'ticket.held' },
  resume: { from: ['held'], to: 'called', event: 'ticket.resumed' },
  transfer: { from: ['waiting', 'called', 'serving', 'held'], to: 'waiting', event: 'ticket.transferred' },
  requeue: { from: ['no_show'], to: 'waiting', event: 'ticket.requeued' },
  cancel: { from: ['waiting', 'called', 'held', 'no_show'], to: 'cancelled', event: 'ticket.cancelled' },
}

/** An A ticket brought to `status` through window W1 (open). */
export async function ticketIn(fx: HallFixture, status: TicketStatus): Promise<string> {
  const id = await fx.issueId('A')
  const ctx = () => ({ now: fx.tick() })
  if (status === 'waiting') return id
  if (status === 'cancelled') {
    await fx.store.cancel(fx.hall, id, ctx())
    return id
  }
  if ((await fx.callId('W1')) !== id) throw new Error('fixture: W1 called another ticket')
  if (status === 'serving' || status === 'done') await fx.store.start(fx.hall, id, ctx())
  if (status === 'held') await fx.store.hold(fx.hall, id, ctx())
  if (status === 'done') await fx.store.complete(fx.hall, id, ctx())
  if (status === 'no_show') await fx.store.noShow(fx.hall, id, ctx())
  return id
}

function run(fx: HallFixture, op: Op, id: string, now: number) {
  const s = fx.store
  switch (op) {
    case 'transfer':
      return s.transfer(fx.hall, id, { service: 'B' }, { now })
    default:
      return s[op](fx.hall, id, { now })
  }
}

export function transitionMatrixCases(t: Test, makeStore: MakeStore): void {
  for (const op of Object.keys(TABLE) as Op[]) {
    const row = TABLE[op]
    for (const from of STATUSES) {
      const allowed = row.from.includes(from)
      t.test(`${op} from ${from}: ${allowed ? row.to : 'refused'}`, async (t) => {
        const fx = await setupHall(t, makeStore, undefined, ['W1'])
        const id = await ticketIn(fx, from)
        if (!allowed) {
          const expected = { code: 'QMS_ERR_INVALID_TRANSITION' as const, details: { status: from } }
          await fx.rejectsUnchanged(t, () => run(fx, op, id, fx.tick()), expected, [id])
          return
        }
        const now = fx.tick()
        let result: unknown
        const events = await fx.appended(async () => {
          result = await run(fx, op, id, now)
        })
        const after = await fx.ticket(id)
        t.match(result, { id, status: row.to }, 'returns the changed ticket')
        t.equal(after.status, row.to)
        t.equal(events.length, 1, 'exactly one event')
        t.match(events[0], { type: row.event, ticket: id, number: 'A001', status: row.to, at: now })
        const atWindow = row.to === 'called' || row.to === 'serving'
        t.equal((await fx.window('W1')).current, atWindow ? id : null, atWindow ? 'occupies W1' : 'W1 is free')
        if (row.to === 'waiting') t.not(after.queue, null, 'waits in a queue')
        else t.equal(after.queue, null, 'in no queue')
      })
    }
  }

  t.test('operations on an unknown ticket or hall', async (t) => {
    const fx = await setupHall(t, makeStore, undefined, ['W1'])
    for (const op of Object.keys(TABLE) as Op[]) {
      await fx.rejectsUnchanged(t, () => run(fx, op, 'no-such-ticket', fx.tick()), 'QMS_ERR_TICKET_NOT_FOUND', [], op)
    }
    await t.rejects(fx.store.start('h-missing0', 'x', { now: fx.tick() }), { code: 'QMS_ERR_HALL_NOT_FOUND' })
    t.equal(await fx.store.getTicket(fx.hall, 'no-such-ticket'), null)
  })
}
