// GET /halls/{hall}/public (names for tokenless citizen pages, and the features offered) and the
// oldest wait per service in GET /state, through the real app.
import t from 'tap'
import { appointmentRoutes } from '../../src/http/routes/appointments.ts'
import { notifyRoutes } from '../../src/http/routes/notify.ts'
import { Notifications } from '../../src/notify/notifications.ts'
import { MemoryWatchRegistry } from '../../src/notify/watch-registry.ts'
import { WebhookNotifier } from '../../src/notify/webhook.ts'
import { hallInput, identity, testDb } from '../appointments/fixtures.ts'
import { assertError, hallDoc, harness } from './fixtures/app.ts'
import { memoryBackend } from './fixtures/backends.ts'

// The route reads only the hall document (the same on every store): the in-process store suffices.
t.test('public hall names: no token, nothing but what a citizen sees', async (t) => {
  const h = await harness(t, memoryBackend)
  await h.setupHall(
    hallDoc({
      notice: '请携带身份证',
      devices: [{ id: 'kiosk-1', type: 'kiosk', name: '取号机' }],
      windows: [
        { id: 'W1', name: '1号窗口', nameEn: 'Window 1', services: ['A', 'B'] },
        { id: 'W2', name: '2号窗口', services: ['A'] },
        { id: 'W3', name: '3号窗口', services: ['B', 'C'] },
      ],
    }),
  )
  const res = await h.req('GET', `/api/v1/halls/${h.hall}/public`, { token: null })
  t.equal(res.statusCode, 200)
  t.same(
    res.json(),
    {
      hall: h.hall,
      name: '测试大厅',
      nameEn: 'Test hall',
      notice: '请携带身份证',
      services: [
        { id: 'A', name: '社保', prefix: 'A', category: 'personal' },
        { id: 'B', name: '户籍', prefix: 'B', category: 'personal' },
        { id: 'C', name: '公积金', prefix: 'C', category: 'personal' },
      ],
      windows: [
        { id: 'W1', name: '1号窗口', nameEn: 'Window 1' },
        { id: 'W2', name: '2号窗口' },
        { id: 'W3', name: '3号窗口' },
      ],
      priorityClasses: [
        { id: 'green', name: '绿色通道', nameEn: 'Green channel', marker: '绿' },
        { id: 'appointment', name: '预约', nameEn: 'Appointment', marker: '约' },
      ],
      features: { booking: false, notify: false },
    },
    'exactly these fields: no devices, hours, rules or tokens',
  )

  assertError(t, await h.req('GET', '/api/v1/halls/h-nowhere/public', { token: null }), 404, 'QMS_ERR_HALL_NOT_FOUND')
  assertError(
    t,
    await h.req('GET', `/api/v1/halls/${h.hall}/public`, { token: 'not-a-token' }),
    401,
    'QMS_ERR_UNAUTHORIZED',
  )
  t.equal((await h.req('GET', `/api/v1/halls/${h.hall}/public`)).statusCode, 200, 'a valid token is fine too')
})

t.test('features: booking and notify only when the server offers them', async (t) => {
  const db = await testDb(t, 'pglite')
  if (!db) return
  const stores = await memoryBackend.make()
  const notifications = new Notifications({
    store: stores.store, // never started: the route only registers watches
    registry: new MemoryWatchRegistry(),
    notifier: new WebhookNotifier({ url: 'http://127.0.0.1:9/never-called', secret: 's' }),
    sealer: identity.sealer,
  })
  const h = await harness(
    t,
    { name: 'memory', make: async () => stores },
    {
      identity,
      apiPlugins: [
        async (api) => void (await api.register(appointmentRoutes, { db })),
        async (api) => void (await api.register(notifyRoutes, { notifications })),
      ],
    },
  )
  await h.setupHall(hallInput(), [])
  const features = async () => (await h.req('GET', `/api/v1/halls/${h.hall}/public`, { token: null })).json().features
  t.same(await features(), { booking: true, notify: true })
  const closed = hallInput()
  closed.appointments = { ...closed.appointments!, public: false }
  await h.setupHall(closed, [])
  t.same(await features(), { booking: false, notify: true }, 'bookings only with a token: not for citizens')
})

t.test('GET /state: oldestWaitSec per service', async (t) => {
  const h = await harness(t, memoryBackend)
  await h.setupHall(hallDoc(), ['W2'])
  for (const service of ['A', 'A', 'B']) {
    await h.req('POST', `/api/v1/halls/${h.hall}/tickets`, { body: { service } })
    h.clock.now += 60_000
  }
  await h.req('POST', `/api/v1/halls/${h.hall}/windows/W2/call-next`)
  h.clock.now += 5_000
  const state = (await h.req('GET', `/api/v1/halls/${h.hall}/state`)).json()
  t.match(state.services, [
    { id: 'A', waiting: 1, oldestWaitSec: 125 },
    { id: 'B', waiting: 1, oldestWaitSec: 65 },
    { id: 'C', waiting: 0, oldestWaitSec: 0 },
  ])
})
