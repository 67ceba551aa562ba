// The organisation tree over HTTP: a city manager's token covers every hall under the city, and
// nothing outside it.
import t from 'tap'
import { buildApp } from '../../src/app.ts'
import { MemoryTokenStore } from '../../src/auth/memory-token-store.ts'
import { saveHallConfig } from '../../src/db/repos/hall-configs.ts'
import { orgUnitRoutes } from '../../src/http/routes/org-units.ts'
import { MemoryQueueStore } from '../../src/store/memory/memory-store.ts'
import { eachBackend } from './fixtures/backends.ts'

const ADMIN = 'org-admin-secret-123'
const doc = (name: string) => ({
  name,
  timezone: 'Asia/Shanghai',
  services: [{ id: 'a', name: '社保', prefix: 'A' }],
  windows: [{ id: '1', name: '1号窗口', services: ['a'] }],
})

t.test('org units: build the tree, attach halls, mint a city manager token', (t) =>
  eachBackend(t, async (t, { db }) => {
    const app = await buildApp({
      store: new MemoryQueueStore(),
      tokens: new MemoryTokenStore(),
      adminToken: ADMIN,
      apiPlugins: [async (api) => void (await api.register(orgUnitRoutes, { db }))],
    })
    t.teardown(() => app.close())
    const admin = { authorization: `Bearer ${ADMIN}` }
    const call = (method: 'GET' | 'POST' | 'PUT', url: string, headers = admin, payload?: object) =>
      app.inject({ method, url: `/api/v1${url}`, headers, ...(payload && { payload }) })

    for (const hall of ['futian', 'nanshan', 'guangzhou-1']) {
      await saveHallConfig(db, { hall, document: doc(hall) })
      t.equal((await call('PUT', `/halls/${hall}`, admin, doc(hall))).statusCode, 201)
    }
    t.equal((await call('POST', '/org-units', admin, { id: 'gd', name: '广东省', kind: 'province' })).statusCode, 201)
    t.equal(
      (await call('POST', '/org-units', admin, { id: 'sz', name: '深圳市', kind: 'city', parent: 'gd' })).statusCode,
      201,
    )
    t.equal(
      (await call('POST', '/org-units', admin, { id: 'ft', name: '福田区', kind: 'county', parent: 'sz' })).statusCode,
      201,
    )
    t.equal(
      (await call('POST', '/org-units', admin, { id: 'gz', name: '广州市', kind: 'city', parent: 'gd' })).statusCode,
      201,
    )
    t.equal((await call('POST', '/org-units', admin, { id: 'sz', name: 'again', kind: 'city' })).statusCode, 409)
    t.equal(
      (await call('POST', '/org-units', admin, { id: 'x', name: 'orphan', kind: 'city', parent: 'nope' })).statusCode,
      404,
    )
    await call('PUT', '/org-units/ft/halls/futian')
    await call('PUT', '/org-units/sz/halls/nanshan')
    await call('PUT', '/org-units/gz/halls/guangzhou-1')
    t.equal((await call('PUT', '/org-units/sz/halls/unknown-hall')).statusCode, 404)

    const unit = (await call('GET', '/org-units/sz')).json()
    t.same([...unit.halls].sort(), ['futian', 'nanshan'], 'a city sees the halls of its counties too')

    const minted = await call('POST', '/org-units/sz/manager-tokens', admin, { label: '深圳市管理员' })
    t.equal(minted.statusCode, 201)
    const city = { authorization: `Bearer ${minted.json().secret}` }
    t.equal((await call('GET', '/halls/futian/state', city)).statusCode, 200)
    t.equal((await call('GET', '/halls/nanshan/state', city)).statusCode, 200)
    t.equal((await call('GET', '/halls/guangzhou-1/state', city)).statusCode, 403, 'not another city')
    t.equal((await call('GET', '/org-units/sz', city)).statusCode, 200)
    t.equal((await call('GET', '/org-units/gd', city)).statusCode, 403, 'not the whole province')
    t.equal((await call('POST', '/org-units', city, { id: 'y', name: 'y', kind: 'street' })).statusCode, 403)
    t.equal((await call('POST', '/org-units/sz/manager-tokens', city, {})).statusCode, 403)
    t.equal((await call('POST', '/org-units', admin, { id: 'bad id!', name: 'x', kind: 'city' })).statusCode, 400)
  }),
)
