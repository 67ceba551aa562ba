// The history API inside the real app (real bearer auth with tokens stored in Postgres).
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { buildApp } from '../../src/app.ts'
import { ArchiveWriter } from '../../src/archive/archive-writer.ts'
import { hashSecret } from '../../src/auth/authenticate.ts'
import type { Role } from '../../src/auth/principal.ts'
import { saveHallConfig } from '../../src/db/repos/hall-configs.ts'
import { PgTokenStore } from '../../src/db/repos/tokens.ts'
import { historyPlugin } from '../../src/http/routes/history.ts'
import { eachBackend } from './fixtures/backends.ts'
import { allEvents, configuredStore, DAY1, issue, issueAndServe } from './fixtures/hall-events.ts'

const ADMIN = 'history-admin-secret'

t.test("history: paged tickets, CSV, events; admins and the hall's managers only", (t) =>
  eachBackend(t, async (t, { db }) => {
    const store = await configuredStore('h1')
    await issueAndServe(store, 'h1', 12)
    const cancelled = await issue(store, 'h1', DAY1 + 3_600_000)
    await store.cancel('h1', cancelled, { now: DAY1 + 3_601_000 })
    await saveHallConfig(db, {
      hall: 'h1',
      document: {
        name: '福田区市民中心',
        timezone: 'Asia/Shanghai',
        services: [
          { id: 'svc-a', name: '社保, 医保', prefix: 'A' },
          { id: 'svc-b', name: '=户籍', prefix: 'B' },
        ],
        windows: [],
      },
    })
    const events = await allEvents(store, 'h1')
    await new ArchiveWriter(db).write('h1', events)

    const tokens = new PgTokenStore(db)
    const mint = async (id: string, role: Role, halls: string[] | '*'): Promise<string> => {
      await tokens.put({
        id,
        hash: hashSecret(`${id}-secret`),
        role,
        halls,
        createdAt: DAY1,
        expiresAt: null,
        revokedAt: null,
      })
      return `Bearer ${id}-secret`
    }
    const manager = await mint('tok_mgr', 'manager', ['h1', 'h9'])
    const otherManager = await mint('tok_other', 'manager', ['h2'])
    const clerk = await mint('tok_clerk', 'clerk', ['h1'])

    const app: FastifyInstance = await buildApp({
      store,
      tokens,
      adminToken: ADMIN,
      extraPlugins: [async (app) => void (await app.register(historyPlugin, { db, prefix: '/api/v1' }))],
    })
    t.teardown(() => app.close())
    const get = (url: string, authorization?: string) =>
      app.inject({ method: 'GET', url, headers: authorization ? { authorization } : {} })

    const page = await get('/api/v1/halls/h1/tickets?date=2026-11-23&page=2&pageSize=5', manager)
    t.equal(page.statusCode, 200)
    const body = page.json()
    t.match(body, { hall: 'h1', date: '2026-11-23', page: 2, pageSize: 5, total: 13 })
    t.equal(body.items.length, 5)
    t.same(
      body.items.map((i: { number: string }) => i.number),
      ['B002', 'A005', 'A006', 'B003', 'A007'],
    )
    t.match(body.items[0], {
      status: 'done',
      outcome: 'completed',
      issuedAt: Number,
      waitSec: Number,
      serviceSec: Number,
      window: String,
    })
    const last = (await get('/api/v1/halls/h1/tickets?date=2026-11-23&page=3&pageSize=5', `Bearer ${ADMIN}`)).json()
    t.match(last.items.at(-1), { id: cancelled, outcome: 'cancelled', calledAt: null })
    t.same((await get('/api/v1/halls/h1/tickets?date=2026-11-24', manager)).json().items, [], 'another day: empty')

    const csv = await get('/api/v1/halls/h1/tickets.csv?date=2026-11-23', manager)
    t.equal(csv.statusCode, 200)
    t.match(csv.headers['content-type'], /^text\/csv/)
    t.match(csv.headers['content-disposition'], 'h1-2026-11-23.csv')
    t.ok(csv.body.startsWith('\uFEFF号码 Number,'), 'BOM and bilingual header')
    const lines = csv.body.trimEnd().split('\r\n')
    t.equal(lines.length, 14, 'header + 13 tickets')
    t.match(lines[1], /^A001,"社保, 医保",normal,done,completed,w1,2026-11-23 09:00:01,/)
    t.match(lines[3], /^B001,'=户籍,/, 'a formula-looking cell is neutralised')

    const ev1 = (await get('/api/v1/halls/h1/events?since=0&limit=10', manager)).json()
    t.same(
      ev1.events.map((e: { seq: number }) => e.seq),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    )
    t.equal(ev1.next, 10)
    t.same(ev1.events[3], JSON.parse(JSON.stringify(events[3])), 'events come back as they were emitted')
    const ev2 = (await get(`/api/v1/halls/h1/events?since=${ev1.next}&limit=1000`, manager)).json()
    t.equal(ev2.events.length, events.length - 10)
    t.equal((await get(`/api/v1/halls/h1/events?since=${events.length}`, manager)).json().next, events.length)

    t.equal((await get('/api/v1/halls/h1/tickets?date=2026-11-23')).statusCode, 401)
    for (const [who, auth] of [
      ['clerk', clerk],
      ['manager of another hall', otherManager],
    ] as const) {
      for (const url of [
        '/api/v1/halls/h1/tickets?date=2026-11-23',
        '/api/v1/halls/h1/tickets.csv?date=2026-11-23',
        '/api/v1/halls/h1/events',
      ]) {
        const r = await get(url, auth)
        t.equal(r.statusCode, 403, `${who}: ${url}`)
        t.equal(r.json().code, 'QMS_ERR_FORBIDDEN')
      }
    }
    const bad = await get('/api/v1/halls/h1/tickets?date=23.11.2026', manager)
    t.equal(bad.statusCode, 400)
    t.equal(bad.json().code, 'QMS_ERR_VALIDATION')
    t.equal((await get('/api/v1/halls/h1/tickets?date=2026-11-23&pageSize=501', manager)).statusCode, 400)
  }),
)
