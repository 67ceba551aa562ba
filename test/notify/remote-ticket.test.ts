// A remote ticket end to end, on the in-process store and on Redis: a number taken on the phone,
// a notification through the webhook (a local gateway) when 2 people are ahead and when called,
// each once although two core instances watch the hall; the address is stored sealed; and a
// remote ticket called while the citizen is away follows the hall's no-show rule.
import t, { type Test } from 'tap'
import { Redis } from 'ioredis'
import { notifyRoutes } from '../../src/http/routes/notify.ts'
import { Notifications } from '../../src/notify/notifications.ts'
import { NOTIFY_HALLS_KEY, RedisWatchRegistry } from '../../src/notify/redis-watch-registry.ts'
import { MemoryWatchRegistry, type WatchRegistry } from '../../src/notify/watch-registry.ts'
import { WebhookNotifier } from '../../src/notify/webhook.ts'
import { MONDAY, at, hallInput, identity } from '../appointments/fixtures.ts'
import { assertError, harness } from '../http/fixtures/app.ts'
import { forEachBackend, type Backend } from '../http/fixtures/backends.ts'
import { REDIS_URL } from '../helpers/services.ts'
import { startGateway, type Gateway } from './gateway.ts'

const PHONE = '13912345678'

async function setup(t: Test, backend: Backend) {
  const gw = await startGateway(t)
  const stores = await backend.make()
  let registry: WatchRegistry = new MemoryWatchRegistry()
  let redis: Redis | null = null
  if (backend.name === 'redis') {
    redis = new Redis(REDIS_URL)
    registry = new RedisWatchRegistry(redis)
  }
  const notifier = new WebhookNotifier({ url: gw.url, secret: 's', retryDelaysMs: [10] })
  // Two core instances: both follow the hall; each message still goes out once.
  const instances = [0, 1].map(
    () => new Notifications({ store: stores.store, registry, notifier, sealer: identity.sealer, rescanMs: 50 }),
  )
  const h = await harness(
    t,
    { name: backend.name, make: async () => stores },
    {
      identity,
      apiPlugins: [
        async (api) => {
          await api.register(notifyRoutes, { notifications: instances[0]! })
        },
      ],
    },
  )
  t.teardown(async () => {
    for (const n of instances) await n.stop().catch(() => {})
    if (redis) {
      await redis.srem(NOTIFY_HALLS_KEY, h.hall)
      await redis.quit()
    }
  })
  for (const n of instances) await n.start()
  h.clock.now = at(MONDAY, '10:00')
  await h.setupHall(hallInput({ rules: { noShow: { requeue: 'tail', maxRequeues: 1 } } }), ['W2'])
  const clerk = await h.token('clerk', [h.hall], { windows: ['W2'] })
  const settle = async (): Promise<void> => {
    await new Promise((r) => setTimeout(r, 100)) // live events reach the watchers asynchronously
    for (const n of instances) await n.settled(h.hall)
  }
  return { h, gw, clerk, instances, redis, settle }
}

const kinds = (gw: Gateway): string[] => gw.received.map((r) => `${r.json.kind}:${r.json.number}`)

t.test('remote tickets', (t) =>
  forEachBackend(t, async (t, backend) => {
    t.test('notified once when 2 are ahead and once when called', async (t) => {
      const { h, gw, clerk, redis, settle } = await setup(t, backend)
      const issue = async () => {
        h.clock.now += 1000 // distinct issue times: the queue order is by time
        return (await h.req('POST', `/api/v1/halls/${h.hall}/tickets`, { token: null, body: { service: 'A' } })).json()
      }
      for (let i = 0; i < 4; i++) await issue()
      const mine = await issue() // A005: 4 ahead
      const reg = await h.req('POST', `/api/v1/halls/${h.hall}/tickets/${mine.id}/notify`, {
        token: null,
        body: { to: PHONE, ahead: 2 },
      })
      t.equal(reg.statusCode, 201)
      t.same(reg.json(), { ticket: mine.id, ahead: 2, to: '139****5678' })
      await settle()
      t.same(kinds(gw), [], '4 ahead: nothing yet')
      const call = () => h.req('POST', `/api/v1/halls/${h.hall}/windows/W2/call-next`, { token: clerk })
      await call()
      await settle()
      t.same(kinds(gw), [], '3 ahead')
      await call()
      await gw.waitFor(1)
      await call()
      await call()
      await settle()
      t.same(kinds(gw), ['near:A005'], '2 ahead: one message, not repeated at 1 and 0')
      t.match(gw.received[0]!.json, {
        to: PHONE,
        ahead: 2,
        etaMinutes: 20,
        hall: h.hall,
        ticket: mine.id,
        text: /A005号前面还有 2 人/,
      })
      await call()
      await gw.waitFor(2)
      await settle()
      t.same(kinds(gw), ['near:A005', 'called:A005'])
      t.match(gw.received[1]!.json, {
        window: 'W2',
        windowName: '2号窗口',
        text: '请A005号到2号窗口办理 / A005, please go to window W2',
      })
      await h.req('POST', `/api/v1/halls/${h.hall}/tickets/${mine.id}/recall`, { token: clerk })
      await settle()
      t.equal(gw.received.length, 2, 'nothing more')
      if (redis) {
        const stored = JSON.stringify(await redis.hgetall(`qms:{${h.hall}}:notify`))
        t.notMatch(stored, PHONE, 'the address is sealed in Redis')
      }
    })

    t.test('an immediate message when already near; unsubscribe; only waiting tickets', async (t) => {
      const { h, gw, clerk, settle } = await setup(t, backend)
      const a = (await h.req('POST', `/api/v1/halls/${h.hall}/tickets`, { token: null, body: { service: 'A' } })).json()
      await h.req('POST', `/api/v1/halls/${h.hall}/tickets/${a.id}/notify`, {
        token: null,
        body: { to: 'wx-openid_123' },
      })
      await gw.waitFor(1)
      t.match(gw.received[0]!.json, { kind: 'near', ahead: 0, to: 'wx-openid_123' })
      t.same((await h.req('DELETE', `/api/v1/halls/${h.hall}/tickets/${a.id}/notify`, { token: null })).json(), {
        ticket: a.id,
        removed: true,
      })
      await h.req('POST', `/api/v1/halls/${h.hall}/windows/W2/call-next`, { token: clerk })
      await settle()
      t.equal(gw.received.length, 1, 'no call message after unsubscribing')
      const r = await h.req('POST', `/api/v1/halls/${h.hall}/tickets/${a.id}/notify`, {
        token: null,
        body: { to: PHONE },
      })
      assertError(t, r, 409, 'QMS_ERR_INVALID_TRANSITION')
      assertError(
        t,
        await h.req('POST', `/api/v1/halls/${h.hall}/tickets/nope/notify`, { token: null, body: { to: PHONE } }),
        404,
        'QMS_ERR_TICKET_NOT_FOUND',
      )
      assertError(
        t,
        await h.req('POST', `/api/v1/halls/${h.hall}/tickets/${a.id}/notify`, { token: null, body: { to: 'a b' } }),
        400,
        'QMS_ERR_VALIDATION',
      )
    })

    t.test('a remote ticket called while the citizen is away follows the no-show rule', async (t) => {
      const { h, clerk } = await setup(t, backend)
      const remote = (
        await h.req('POST', `/api/v1/halls/${h.hall}/tickets`, {
          token: null,
          body: { service: 'A', identity: { phone: PHONE } },
        })
      ).json()
      h.clock.now += 1000
      const other = (
        await h.req('POST', `/api/v1/halls/${h.hall}/tickets`, { token: null, body: { service: 'A' } })
      ).json()
      h.clock.now += 1000
      const act = (id: string, action: string) =>
        h.req('POST', `/api/v1/halls/${h.hall}/tickets/${id}/${action}`, { token: clerk })
      await h.req('POST', `/api/v1/halls/${h.hall}/windows/W2/call-next`, { token: clerk })
      t.match((await act(remote.id, 'no-show')).json(), { ticket: { status: 'no_show' } })
      t.equal(
        (
          await h.req('POST', `/api/v1/halls/${h.hall}/tickets`, {
            token: null,
            body: { service: 'A', identity: { phone: PHONE } },
          })
        ).statusCode,
        201,
        'a no-show frees the person',
      )
      h.clock.now += 1000
      const back = await act(remote.id, 'requeue')
      t.match(back.json(), { ticket: { status: 'waiting', requeues: 1 } }, 'requeued at the tail once (rules.noShow)')
      const next = await h.req('POST', `/api/v1/halls/${h.hall}/windows/W2/call-next`, { token: clerk })
      t.equal(next.json().ticket.id, other.id, 'at the tail: behind the ticket issued after it')
      await h.req('POST', `/api/v1/halls/${h.hall}/windows/W2/call-next`, { token: clerk }) // the second phone ticket
      await h.req('POST', `/api/v1/halls/${h.hall}/windows/W2/call-next`, { token: clerk })
      await act(remote.id, 'no-show')
      assertError(t, await act(remote.id, 'requeue'), 409, 'QMS_ERR_REQUEUE_NOT_ALLOWED')
    })
  }),
)
