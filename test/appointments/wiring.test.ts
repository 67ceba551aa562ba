// The server composition: identity from the environment, appointment routes only with a
// database, notify routes only with a gateway, and a clean start/stop.
import t from 'tap'
import { citizenServices } from '../../src/appointments/wiring.ts'
import { buildApp } from '../../src/app.ts'
import { MemoryTokenStore } from '../../src/auth/memory-token-store.ts'
import { MemoryQueueStore } from '../../src/store/memory/memory-store.ts'
import { ADMIN } from '../http/fixtures/app.ts'
import { MONDAY, TEST_IDENTITY_KEY, hallInput, testDb } from './fixtures.ts'

const log = { info: () => {}, warn: () => {} }

t.test('routes follow what is configured', async (t) => {
  const db = await testDb(t, 'pglite')
  if (!db) return
  const store = new MemoryQueueStore()
  const env = {
    IDENTITY_KEY: TEST_IDENTITY_KEY,
    NOTIFY_WEBHOOK_URL: 'http://127.0.0.1:9/x',
    NOTIFY_WEBHOOK_SECRET: 's',
  }
  const full = citizenServices({ env, store, db, log })
  t.equal(full.appOptions.apiPlugins.length, 2)
  const app = await buildApp({ store, tokens: new MemoryTokenStore(), adminToken: ADMIN, ...full.appOptions })
  t.teardown(async () => {
    await full.stop()
    await app.close()
  })
  await full.start()
  const auth = { authorization: `Bearer ${ADMIN}` }
  t.equal(
    (await app.inject({ method: 'PUT', url: '/api/v1/halls/h-wire', headers: auth, payload: hallInput() })).statusCode,
    201,
  )
  const slots = await app.inject({
    method: 'GET',
    url: `/api/v1/halls/h-wire/appointments/slots?service=A&date=${MONDAY}`,
  })
  t.equal(slots.statusCode, 200)
  const notify = await app.inject({ method: 'DELETE', url: '/api/v1/halls/h-wire/tickets/nope/notify' })
  t.equal(notify.statusCode, 200, 'notify routes are there')

  const bare = citizenServices({ env: { IDENTITY_KEY: TEST_IDENTITY_KEY }, store, log })
  t.equal(bare.appOptions.apiPlugins.length, 0, 'no database, no gateway: no extra routes')
  t.equal(bare.notifications, null)
  t.throws(
    () => citizenServices({ env: { IDENTITY_KEY: TEST_IDENTITY_KEY, NOTIFY_WEBHOOK_URL: 'http://x' }, store, log }),
    /NOTIFY_WEBHOOK_SECRET/,
  )
  const warnings: unknown[] = []
  citizenServices({ env: {}, store, log: { info: () => {}, warn: (m) => void warnings.push(m) } })
  t.match(warnings, [/IDENTITY_KEY is not set/], 'a generated key is announced')
})
