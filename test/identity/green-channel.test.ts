// Tickets with an identity through the real routes: the green channel's eligibility (age from the
// ID card, or staff's choice), one active ticket per person and service, masked holders for staff,
// and refusals that never repeat the number.
import t, { type Test } from 'tap'
import { assertError, harness } from '../http/fixtures/app.ts'
import { forEachBackend, type Backend } from '../http/fixtures/backends.ts'
import { ELDER_ID, MONDAY, YOUNG_ID, at, hallInput, identity } from '../appointments/fixtures.ts'

const TURNS_65_TODAY = '11010519600303002X' // born 1960-03-03
const TURNS_65_TOMORROW = '110105196003040025' // born 1960-03-04

async function setup(t: Test, backend: Backend, over = {}) {
  const h = await harness(t, backend, { identity })
  h.clock.now = at(MONDAY, '10:00')
  await h.setupHall(hallInput(over), ['W1'])
  const kiosk = await h.token('device', [h.hall], { device: 'kiosk-1' })
  const clerk = await h.token('clerk', [h.hall], { windows: ['W1'] })
  const issue = (token: string | null, body: Record<string, unknown>) =>
    h.req('POST', `/api/v1/halls/${h.hall}/tickets`, { token, body: { service: 'A', ...body } })
  return { h, kiosk, clerk, issue }
}

t.test('green channel and identity', (t) =>
  forEachBackend(t, async (t, backend) => {
    t.test('a kiosk: an eligible ID card gets the green channel by itself; others need staff', async (t) => {
      const { kiosk, clerk, issue } = await setup(t, backend)
      t.match((await issue(kiosk, { identity: { idCard: ELDER_ID } })).json(), {
        class: 'green',
        priority: true,
        holder: '1101**********0017',
      })
      t.match(
        (await issue(kiosk, { identity: { idCard: TURNS_65_TODAY } })).json(),
        { class: 'green' },
        '65 today: eligible',
      )
      t.match(
        (await issue(kiosk, { identity: { idCard: TURNS_65_TOMORROW } })).json(),
        { class: 'normal' },
        '65 tomorrow: not yet',
      )
      const young = await issue(kiosk, { identity: { idCard: YOUNG_ID }, priority: 'green' })
      t.match(assertError(t, young, 403, 'QMS_ERR_NOT_ELIGIBLE'), { message: /绿色通道.*service desk/ })
      assertError(t, await issue(kiosk, { priority: true }), 403, 'QMS_ERR_NOT_ELIGIBLE')
      assertError(
        t,
        await issue(kiosk, { priority: 'appointment', identity: { idCard: ELDER_ID, phone: '13912345678' } }),
        403,
        'QMS_ERR_NOT_ELIGIBLE',
      )
      t.match((await issue(kiosk, { priority: false, identity: { phone: '13912345678' } })).json(), {
        class: 'normal',
        holder: '139****5678',
      })
      t.match((await issue(clerk, { priority: 'green' })).json(), { class: 'green' }, 'staff at the desk choose it')
    })

    t.test('a phone never gets a priority class, not even with an eligible ID', async (t) => {
      const { issue } = await setup(t, backend)
      t.match((await issue(null, { identity: { idCard: ELDER_ID } })).json(), { class: 'normal' })
      assertError(t, await issue(null, { priority: 'green' }), 403, 'QMS_ERR_FORBIDDEN')
    })

    t.test('without a greenChannel rule, kiosks choose as before', async (t) => {
      const { kiosk, issue } = await setup(t, backend, { greenChannel: undefined })
      t.match((await issue(kiosk, { priority: 'green' })).json(), { class: 'green' })
      t.match(
        (await issue(kiosk, { identity: { idCard: ELDER_ID } })).json(),
        { class: 'normal' },
        'no automatic upgrade',
      )
    })

    t.test('one active ticket per person and service; the number is never echoed', async (t) => {
      const { h, kiosk, clerk, issue } = await setup(t, backend)
      const first = (await issue(kiosk, { identity: { phone: '13812345678' } })).json()
      const dup = assertError(
        t,
        await issue(null, { identity: { phone: '+86 138 1234 5678' } }),
        409,
        'QMS_ERR_DUPLICATE_TICKET',
      )
      t.notMatch(JSON.stringify(dup), /1381234|5678/)
      t.equal(
        (await issue(kiosk, { service: 'B', identity: { phone: '13812345678' } })).statusCode,
        201,
        'another service',
      )
      const bad = assertError(
        t,
        await issue(kiosk, { identity: { idCard: '110101195001010018' } }),
        400,
        'QMS_ERR_IDENTITY_INVALID',
      )
      t.notMatch(JSON.stringify(bad), /11010119500/)
      await h.req('POST', `/api/v1/halls/${h.hall}/windows/W1/call-next`, { token: clerk })
      await h.req('POST', `/api/v1/halls/${h.hall}/tickets/${first.id}/complete`, { token: clerk })
      t.equal((await issue(kiosk, { identity: { phone: '13812345678' } })).statusCode, 201, 'done: a new one')
    })
  }),
)
