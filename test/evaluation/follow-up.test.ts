// Follow-up deadlines in working days on the hall calendar (2026 holidays and make-up days), and
// the case workflow through the routes: states, notes, owner, overdue alarm, closed-on-time.
import t from 'tap'
import { addWorkingDays, isWorkingDay } from '../../src/evaluation/working-days.ts'
import { canMove } from '../../src/evaluation/case-states.ts'
import { eachBackend } from '../db/fixtures/backends.ts'
import { at, HOLIDAYS_2026, ratingHarness, WORKDAYS_2026 } from './fixtures/app.ts'

const calendar = { holidays: HOLIDAYS_2026, workdays: WORKDAYS_2026 }

t.test('working days: weekends, holidays and make-up days (2026 calendar)', async (t) => {
  t.equal(addWorkingDays(calendar, '2026-11-20', 5), '2026-11-27', 'Fri + 5 skips the weekend')
  t.equal(addWorkingDays(calendar, '2026-11-21', 1), '2026-11-23', 'opened on a Saturday: Monday is the first')
  // 中秋 25–27 Sep, 国庆 1–7 Oct; make-up workdays Sun 20 Sep and Sat 10 Oct.
  t.equal(addWorkingDays(calendar, '2026-09-24', 5), '2026-10-09', 'Thu 24 Sep: 28, 29, 30 Sep, 8, 9 Oct')
  t.equal(addWorkingDays(calendar, '2026-09-24', 6), '2026-10-10', 'the make-up Saturday counts')
  t.equal(addWorkingDays(calendar, '2026-09-18', 5), '2026-09-24', 'Fri 18 Sep: the make-up Sunday 20th counts')
  t.equal(addWorkingDays(calendar, '2026-02-13', 1), '2026-02-14', '春节 make-up Saturday')
  t.equal(addWorkingDays(calendar, '2026-02-14', 1), '2026-02-24', 'then nine days of 春节')
  t.equal(addWorkingDays(undefined, '2026-10-01', 1), '2026-10-02', 'without a calendar: Monday to Friday')
  t.notOk(isWorkingDay(calendar, '2026-10-05'))
  t.ok(isWorkingDay(calendar, '2026-10-10'))
})

t.test('case states', async (t) => {
  t.ok(canMove('open', 'contacted'))
  t.ok(canMove('contacted', 'rectified'))
  t.ok(canMove('explained', 'closed'))
  t.ok(canMove('appealed', 'reviewed'))
  t.notOk(canMove('open', 'closed'), 'a case is closed only after rectification or an explanation')
  t.notOk(canMove('closed', 'open'))
  t.notOk(canMove('reviewed', 'closed'))
})

t.test('cases: deadline across a holiday, workflow, overdue alarm, closed on time', (t) =>
  eachBackend(t, async (t, { db }) => {
    const h = await ratingHarness(t, db, 'hc', { evaluation: { caseOwner: 'staff-lead' } })
    const manager = await h.mint('tok_mgr', 'manager')
    const clerk = await h.mint('tok_clerk', 'clerk', { windows: ['w1'] })
    const auth = { authorization: manager }
    const rate = async (done: number, grade: number) => {
      h.clock.now = done
      const id = await h.serve('w1', 'svc-a', done)
      h.clock.now = done + 60_000
      const r = await h.app.inject({
        method: 'POST',
        url: `/api/v1/halls/hc/tickets/${id}/rating`,
        payload: { grade, reasons: ['skill'] },
      })
      t.equal(r.statusCode, 201)
      return r.json().case as { id: string; dueDate: string; dueAt: number }
    }
    // Rated on Thursday 24 Sep, the eve of 中秋 and a week before 国庆: due 9 Oct.
    const c1 = await rate(at('2026-09-24', '16:00:00'), 1)
    t.equal(c1.dueDate, '2026-10-09')
    // Rated on Friday 18 Sep: the make-up Sunday counts, due Thursday 24 Sep.
    const c2 = await rate(at('2026-09-18', '10:00:00'), 2)
    t.equal(c2.dueDate, '2026-09-24')

    const move = (id: string, to: string, note?: string, who = auth) =>
      h.app.inject({
        method: 'POST',
        url: `/api/v1/halls/hc/cases/${id}/transition`,
        headers: who,
        payload: { to, ...(note && { note }) },
      })
    h.clock.now = at('2026-09-28', '09:00:00')
    t.equal((await move(c1.id, 'closed')).json().code, 'QMS_ERR_INVALID_TRANSITION', 'open → closed is not a move')
    t.equal(
      (await move(c1.id, 'contacted', undefined, { authorization: clerk })).statusCode,
      403,
      'clerks do not run cases',
    )
    t.equal((await move(c1.id, 'contacted', '电话回访')).json().case.status, 'contacted')
    t.equal((await move(c1.id, 'explained')).json().code, 'QMS_ERR_VALIDATION', 'an explanation needs a note')
    t.equal((await move(c1.id, 'rectified', '已培训')).json().case.status, 'rectified')
    const note = await h.app.inject({
      method: 'POST',
      url: `/api/v1/halls/hc/cases/${c1.id}/notes`,
      headers: auth,
      payload: { text: '转交科长', owner: 'staff-chief' },
    })
    t.equal(note.json().case.owner, 'staff-chief')
    h.clock.now = at('2026-10-09', '23:59:59')
    const closed = (await move(c1.id, 'closed', '已整改')).json().case
    t.match(closed, { status: 'closed', resolution: 'rectified', closedOnTime: true, overdue: false })

    // c2 is due at the end of 24 Sep and still open on the 25th: overdue (the alarm).
    const alarms = await h.app.inject({ method: 'GET', url: '/api/v1/halls/hc/cases?overdue=true', headers: auth })
    t.same(
      alarms.json().items.map((c: { id: string }) => c.id),
      [c2.id],
    )
    t.match(alarms.json().items[0], { overdue: true, owner: 'staff-lead', grade: 2 })
    t.equal((await move(c2.id, 'appealed', '恶意评价')).json().case.status, 'appealed')
    const reviewed = (await move(c2.id, 'reviewed', '复核：维持差评')).json().case
    t.match(reviewed, { status: 'reviewed', closedOnTime: false, resolution: 'reviewed' })
    t.same(
      (await h.app.inject({ method: 'GET', url: '/api/v1/halls/hc/cases?overdue=true', headers: auth })).json().items,
      [],
    )

    const detail = (await h.app.inject({ method: 'GET', url: `/api/v1/halls/hc/cases/${c1.id}`, headers: auth })).json()
    t.same(
      detail.notes.map((n: { from: string | null; to: string | null; text: string | null }) => [n.from, n.to, n.text]),
      [
        [null, 'open', null],
        ['open', 'contacted', '电话回访'],
        ['contacted', 'rectified', '已培训'],
        [null, null, '转交科长 [owner: staff-chief]'],
        ['rectified', 'closed', '已整改'],
      ],
    )
    t.equal(detail.notes[1].tokenId, 'tok_mgr')
  }),
)
