// Child process: the two ceilings the live path is compared with, both plain Fastify 5 with no
// logging, no auth, no schemas, no hooks, on the same kind of connection the core uses:
//   POST /bare               parses the small JSON body, answers a small JSON (no I/O at all)
//   POST /evalsha/:hall      one EVALSHA of a script making the same key writes as issue.lua
//                            (counter + TTL, queue ZADD, waiting count, ticket JSON, idempotency
//                            entry + TTL) without its reads, checks and events
//   GET  /bare               the bare route for reads
// Env: BENCH_REDIS_URL or BENCH_CLUSTER (JSON seeds), PORT.
import { randomBytes } from 'node:crypto'
import Fastify from 'fastify'
import { Cluster, Redis } from 'ioredis'
import { hallKeys } from '../../../src/store/redis/keys.ts'
import { failChild, serveChild } from '../lib/procs.ts'

// KEYS: counter, tickets, waiting counts, queue, idempotency. ARGV: ticket id, service, now,
// business date, prefix, idempotency key. Returns the ticket JSON (same size as issue's ticket).
const ISSUE_WRITES = `
local seq = redis.call('HINCRBY', KEYS[1], ARGV[2], 1)
redis.call('EXPIRE', KEYS[1], 259200)
local number = ARGV[5] .. string.format('%03d', seq)
redis.call('ZADD', KEYS[4], 2e13 + tonumber(ARGV[3]), ARGV[1])
redis.call('HINCRBY', KEYS[3], ARGV[2], 1)
local t = '{"id":"' .. ARGV[1] .. '","hall":"' .. KEYS[2] .. '","number":"' .. number .. '","service":"' .. ARGV[2] ..
  '","class":"normal","status":"waiting","issuedAt":' .. ARGV[3] .. ',"orderAt":' .. ARGV[3] .. ',"date":"' .. ARGV[4] ..
  '","queue":"s:' .. ARGV[2] .. '","window":null,"calledAt":null,"startedAt":null,"finishedAt":null,"recalls":0,' ..
  '"requeues":0,"transfers":0,"rule":null,"outcome":null,"aheadAtIssue":0,"etaAtIssueSec":0}'
redis.call('HSET', KEYS[2], ARGV[1], t)
if ARGV[6] ~= '' then
  redis.call('HSET', KEYS[5], ARGV[6], '{"id":"' .. ARGV[1] .. '","s":"' .. ARGV[2] .. '","c":"normal"}')
  redis.call('EXPIRE', KEYS[5], 172800)
end
return t
`

type IssueWrites = (keys: string[], args: string[]) => Promise<string>

try {
  const redis = process.env.BENCH_CLUSTER
    ? new Cluster(JSON.parse(process.env.BENCH_CLUSTER) as { host: string; port: number }[])
    : new Redis(process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379')
  redis.defineCommand('issueWrites', { lua: ISSUE_WRITES })
  const issueWrites = (redis as unknown as { issueWrites: (...a: string[]) => Promise<string> }).issueWrites.bind(redis)
  const run: IssueWrites = (keys, args) => issueWrites(String(keys.length), ...keys, ...args)

  const app = Fastify({ logger: false })
  app.get('/bare', async () => ({ ok: true, id: 'x1', number: 'A001' }))
  app.post('/bare', async (request) => ({ ok: true, service: (request.body as { service?: string }).service }))
  app.post<{ Params: { hall: string }; Body: { service: string } }>('/evalsha/:hall', async (request, reply) => {
    const k = hallKeys(request.params.hall)
    const service = request.body.service
    const now = Date.now()
    const date = new Date(now).toISOString().slice(0, 10)
    const idem = request.headers['idempotency-key']
    const json = await run(
      [k.counter(date), k.tk, k.wc, k.queue(`s:${service}`), k.idempotency(date)],
      [randomBytes(16).toString('base64url'), service, String(now), date, 'A', typeof idem === 'string' ? idem : ''],
    )
    return reply.code(201).type('application/json').send(json)
  })
  const url = await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) })
  serveChild({ url }, async () => {
    await app.close()
    await redis.quit()
  })
} catch (err) {
  failChild(err)
}
