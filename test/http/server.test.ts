// startServer: environment → stores, a real listening socket, and a clean close.
import t, { type Test } from 'tap'
import { startServer } from '../../src/server.ts'
import { redisUrlForTests } from '../helpers/services.ts'
import { hallDoc, newHall } from './fixtures/app.ts'

async function walkThrough(t: Test, env: Record<string, string>) {
  const server = await startServer({
    HOST: '127.0.0.1',
    PORT: '0',
    ADMIN_TOKEN: 'server-test-admin',
    LOG_LEVEL: 'silent',
    ...env,
  })
  t.teardown(() => server.close())
  const { port } = server.app.server.address() as { port: number }
  t.equal(server.url, `http://127.0.0.1:${port}`)
  const hall = newHall()
  const auth = { authorization: 'Bearer server-test-admin', 'content-type': 'application/json' }
  const put = await fetch(`${server.url}/api/v1/halls/${hall}`, {
    method: 'PUT',
    headers: auth,
    body: JSON.stringify(hallDoc({ hours: undefined })),
  })
  t.equal(put.status, 201)
  const ticket = await fetch(`${server.url}/api/v1/halls/${hall}/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"service":"A"}',
  })
  t.equal(ticket.status, 201)
  const { id, number } = (await ticket.json()) as { id: string; number: string }
  t.equal(number, 'A001')
  const read = await fetch(`${server.url}/api/v1/halls/${hall}/tickets/${id}`)
  t.equal(((await read.json()) as { status: string }).status, 'waiting')
  t.equal((await fetch(`${server.url}/health`)).status, 200)
  return { server, hall }
}

t.test('without REDIS_URL: the in-process stores', async (t) => {
  const { server } = await walkThrough(t, {})
  await server.close()
  await server.close() // closing twice is harmless
  await t.rejects(fetch(`${server.url}/health`), 'no longer listening')
})

t.test('with REDIS_URL: Redis queue store and token store', async (t) => {
  const url = await redisUrlForTests(t)
  if (!url) return
  const { server, hall } = await walkThrough(t, { REDIS_URL: url })
  const tokens = await fetch(`${server.url}/api/v1/tokens`, {
    method: 'POST',
    headers: { authorization: 'Bearer server-test-admin', 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'display', hall }),
  })
  const { token } = (await tokens.json()) as { token: { id: string } }
  const hallsKnown = await server.app.store.listHalls()
  t.ok(hallsKnown.includes(hall), 'the hall lives in Redis')
  t.ok(await server.app.tokens.get(token.id), 'the token lives in Redis')
  // Clean the shared server: this hall's keys and this token.
  const { purgeHall } = await import('../../src/store/redis/purge.ts')
  const { Redis } = await import('ioredis')
  const redis = new Redis(url)
  const record = await server.app.tokens.get(token.id)
  await purgeHall(redis, hall)
  await redis.unlink(`qms:auth:{tokens}:token:${token.id}`, `qms:auth:{tokens}:hash:${record!.hash}`)
  await redis.srem('qms:auth:{tokens}:ids', token.id)
  t.equal(await server.app.tokens.get(token.id), null, 'cleaned up')
  await redis.quit()
})
