// Loading the Lua scripts: includes expanded once, shared tables generated from TypeScript, every
// script compiles on the real Redis, and a server that lost its script cache (SCRIPT FLUSH,
// failover, restart) is recovered from transparently (EVALSHA → NOSCRIPT → EVAL).
import { createHash } from 'node:crypto'
import { Redis } from 'ioredis'
import t from 'tap'
import { ERROR_CODES } from '../../src/domain/errors.ts'
import { SCRIPT_ERRORS, scriptError } from '../../src/store/redis/error-codes.ts'
import { SCRIPT_NAMES, scriptSource } from '../../src/store/redis/scripts.ts'
import { redisForTests } from '../helpers/services.ts'
import { DATE, newTicketId } from './contract/harness.ts'
import { T0, privateRedisUrl, redisHall } from './redis-fixture.ts'

t.test('sources: includes expanded once, tables from TypeScript prepended', async (t) => {
  for (const name of SCRIPT_NAMES) {
    const src = scriptSource(name)
    t.notMatch(src, /--@include/, `${name}: no include left`)
    t.ok(src.startsWith('local E = {'), `${name}: error table first`)
    t.match(src, /local ALLOWED = \{start = \{'called'\}/, `${name}: transition table`)
    t.equal(src.split('local function isnull(').length - 1, 1, `${name}: common.lua included exactly once`)
    t.match(src, new RegExp(`^--\\[\\[\\n`, 'm'), `${name}: opens with its KEYS/ARGV comment block`)
  }
  t.match(scriptSource('call-next'), /local function selectNext\(input\)/)
})

t.test('every script failure code maps to a QmsError code with an HTTP status', async (t) => {
  for (const [name, code] of Object.entries(SCRIPT_ERRORS)) {
    const err = scriptError(code, { ticket: 'x', number: 'A001', status: 'done', window: 'W1' }, 'h1', 'complete')
    t.equal(err.code, `QMS_ERR_${name}`)
    t.ok(ERROR_CODES[err.code] >= 400, `${name} has a status`)
    t.ok(err.message.length > 0)
  }
  t.equal(scriptError(-99, {}, 'h1', 'x').code, 'QMS_ERR_INTERNAL', 'an unknown code is internal')
  const e = scriptError(SCRIPT_ERRORS.INVALID_TRANSITION, { number: 'A017', status: 'done' }, 'h1', 'complete')
  t.equal(e.message, 'ticket A017 is done; cannot complete')
  t.same(e.details, { status: 'done' })
})

t.test('every script compiles on the real Redis (SCRIPT LOAD returns its sha1)', async (t) => {
  const redis = await redisForTests(t)
  if (!redis) return void t.plan(0, 'Redis not reachable')
  for (const name of SCRIPT_NAMES) {
    const src = scriptSource(name)
    const sha = await redis.script('LOAD', src)
    t.equal(sha, createHash('sha1').update(src).digest('hex'), name)
  }
})

t.test('NOSCRIPT recovery after SCRIPT FLUSH (private server)', async (t) => {
  const url = await privateRedisUrl(t)
  if (!url) return void t.plan(0, 'no private redis-server')
  const fx = await redisHall(t, undefined, url)
  if (!fx) return t.fail('private Redis not reachable')
  const { store, hall } = fx
  const issue = (now: number) => store.issue(hall, { service: 'A', date: DATE, ticketId: newTicketId(), now })
  t.equal((await issue(T0 + 1)).ticket.number, 'A001')
  t.equal((await issue(T0 + 2)).ticket.number, 'A002', 'second call on the connection goes by EVALSHA')

  const server = new Redis(url)
  t.teardown(() => server.quit())
  const issueSha = createHash('sha1').update(scriptSource('issue')).digest('hex')
  t.same(await server.script('EXISTS', issueSha), [1])
  await server.script('FLUSH')
  t.same(await server.script('EXISTS', issueSha), [0], 'the server forgot the script')
  await server.config('RESETSTAT')

  t.equal((await issue(T0 + 3)).ticket.number, 'A003', 'the issue after the flush succeeds')
  t.same(await server.script('EXISTS', issueSha), [1], 'the script was sent again')
  const stats = await server.info('commandstats')
  t.match(stats, /cmdstat_evalsha:calls=1,.*failed_calls=1/, 'the EVALSHA really met NOSCRIPT')
  t.match(stats, /cmdstat_eval:calls=1,/, 'and was resent once as EVAL')
  t.equal((await issue(T0 + 4)).ticket.number, 'A004')
  t.equal((await store.eventsSince(hall, 0, 100)).length, 5, 'configured + 4 issued, nothing doubled')
})
