// No raw ID-card or phone number is stored anywhere: after a day's worth of bookings, tickets with
// identities, a refused malformed ID, a duplicate, a check-in by ID card and a notification
// request, every Redis key of the hall (names and values), every row of every Postgres table and
// every log line is searched for the raw values (and their birth-date digits). The masks are
// there, so the search does look at the right data.
import { Redis } from 'ioredis'
import { sql } from 'kysely'
import t from 'tap'
import { notifyRoutes } from '../../src/http/routes/notify.ts'
import { Notifications } from '../../src/notify/notifications.ts'
import { NOTIFY_HALLS_KEY, RedisWatchRegistry } from '../../src/notify/redis-watch-registry.ts'
import { WebhookNotifier } from '../../src/notify/webhook.ts'
import { appointmentRoutes } from '../../src/http/routes/appointments.ts'
import { ELDER_ID, MONDAY, PHONE, YOUNG_ID, at, hallInput, identity, testDb } from '../appointments/fixtures.ts'
import { harness } from '../http/fixtures/app.ts'
import { redisBackend } from '../http/fixtures/backends.ts'
import { redisUrlForTests } from '../helpers/services.ts'
import { startGateway } from '../notify/gateway.ts'

const BAD_ID = '440304199005151234' // wrong check character
const SMS_TO = '13700001111'
const RAW = [YOUNG_ID, ELDER_ID, PHONE, BAD_ID, SMS_TO, '19900515', '19500101', '1234567', '0000111']

async function dumpRedis(redis: Redis, pattern: string): Promise<string> {
  const out: string[] = []
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500)
    cursor = next
    for (const key of keys) {
      const type = await redis.type(key)
      const value =
        type === 'hash'
          ? await redis.hgetall(key)
          : type === 'zset'
            ? await redis.zrange(key, 0, -1, 'WITHSCORES')
            : type === 'set'
              ? await redis.smembers(key)
              : type === 'stream'
                ? await redis.xrange(key, '-', '+')
                : type === 'string'
                  ? await redis.get(key)
                  : type === 'list'
                    ? await redis.lrange(key, 0, -1)
                    : `(${type})`
      out.push(`${key} ${JSON.stringify(value)}`)
    }
  } while (cursor !== '0')
  return out.join('\n')
}

t.test('no raw ID or phone number in Redis, Postgres or the logs', async (t) => {
  const url = await redisUrlForTests(t)
  if (!url) return
  const db = await testDb(t, 'postgres')
  if (!db) return
  const lines: string[] = []
  const redis = new Redis(url)
  const gw = await startGateway(t)
  const backend = redisBackend(url)
  const stores = await backend.make()
  const notifications = new Notifications({
    store: stores.store,
    registry: new RedisWatchRegistry(redis),
    notifier: new WebhookNotifier({ url: gw.url, secret: 's' }),
    sealer: identity.sealer,
  })
  const clock = { now: at(MONDAY, '08:00') }
  const h = await harness(
    t,
    { name: 'redis', make: async () => stores },
    {
      identity,
      logger: { level: 'trace', stream: { write: (line: string) => lines.push(line) } },
      apiPlugins: [
        async (api) => {
          await api.register(appointmentRoutes, { db, now: () => clock.now })
          await api.register(notifyRoutes, { notifications })
        },
      ],
    },
  )
  t.teardown(async () => {
    await notifications.stop()
    await redis.srem(NOTIFY_HALLS_KEY, h.hall)
    await redis.quit()
  })
  const req = (method: 'GET' | 'POST', path: string, token: string | null, body?: unknown) =>
    h.req(method, `/api/v1/halls/${h.hall}${path}`, { token, ...(body !== undefined && { body }) })
  h.clock.now = clock.now
  await h.setupHall(hallInput(), ['W1', 'W2'])
  const kiosk = await h.token('device', [h.hall], { device: 'kiosk-1' })
  const clerk = await h.token('clerk', [h.hall], { windows: ['W1', 'W2'] })

  const statuses: number[] = []
  const run = async (p: ReturnType<typeof req>): Promise<Record<string, unknown>> => {
    const r = await p
    statuses.push(r.statusCode)
    return r.json() as Record<string, unknown>
  }
  await run(
    req('POST', '/appointments', null, { service: 'A', date: MONDAY, slot: '10:00', identity: { idCard: YOUNG_ID } }),
  )
  await run(
    req('POST', '/appointments', null, { service: 'C', date: MONDAY, slot: '10:00', identity: { phone: PHONE } }),
  )
  await run(
    req('POST', '/appointments', null, { service: 'A', date: MONDAY, slot: '10:30', identity: { idCard: BAD_ID } }),
  )
  clock.now = h.clock.now = at(MONDAY, '09:50')
  await run(req('POST', '/appointments/check-in', kiosk, { identity: { idCard: YOUNG_ID } }))
  const remote = await run(req('POST', '/tickets', null, { service: 'B', identity: { phone: PHONE } }))
  await run(req('POST', '/tickets', null, { service: 'B', identity: { phone: PHONE } })) // duplicate
  await run(req('POST', '/tickets', kiosk, { service: 'A', identity: { idCard: ELDER_ID } }))
  await run(req('POST', `/tickets/${remote.id as string}/notify`, null, { to: SMS_TO, ahead: 5 }))
  await gw.waitFor(1)
  clock.now = h.clock.now = at(MONDAY, '10:00')
  await run(req('POST', '/windows/W1/call-next', clerk))
  await run(req('POST', '/windows/W2/call-next', clerk))
  await run(req('GET', `/appointments?date=${MONDAY}`, clerk))
  t.same(statuses, [201, 201, 400, 201, 201, 409, 201, 201, 200, 200, 200], 'the day went as planned')

  const inRedis = await dumpRedis(redis, `qms:{${h.hall}}:*`)
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = 'public'`.execute(db)
  const rows: string[] = []
  for (const { table_name } of tables.rows) {
    rows.push(JSON.stringify((await sql`select * from ${sql.table(table_name)}`.execute(db)).rows))
  }
  const inPostgres = rows.join('\n')
  const inLogs = lines.join('')

  t.match(inRedis, '4403**********1233', 'Redis holds the masked holder of the checked-in ticket')
  t.match(inPostgres, '138****5678', 'Postgres holds the masked phone of the booking')
  t.match(inLogs, 'appointment booked', 'the logs were captured')
  t.ok(gw.received[0]!.body.includes(SMS_TO), 'the gateway alone gets the address, to send the SMS')
  for (const raw of RAW) {
    t.notOk(inRedis.includes(raw), `Redis: no ${raw}`)
    t.notOk(inPostgres.includes(raw), `Postgres: no ${raw}`)
    t.notOk(inLogs.includes(raw), `logs: no ${raw}`)
  }
})
