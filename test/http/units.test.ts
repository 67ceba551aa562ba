// The pure pieces under the routes: the error table, hall-offset times, priority mapping,
// token grants and the ticket scope rule.
import t from 'tap'
import { canActOnTicket } from '../../src/auth/ticket-scope.ts'
import { canManageToken, grantOf } from '../../src/auth/token-policy.ts'
import { isoInZone } from '../../src/domain/iso-time.ts'
import { newTicketId } from '../../src/core/ids.ts'
import { priorityClassOf } from '../../src/core/priority.ts'
import { etaMinutes } from '../../src/core/views.ts'
import { ERROR_CODES, QmsError, type ErrorCode } from '../../src/domain/errors.ts'
import type { HallRuntime } from '../../src/domain/types.ts'
import { codeForStatus, errorBody, HTTP_ERRORS } from '../../src/http/error-map.ts'

t.test('error table: every code maps to its status and reason phrase', async (t) => {
  for (const [code, status] of Object.entries(ERROR_CODES) as [ErrorCode, number][]) {
    t.equal(HTTP_ERRORS[code].statusCode, status, code)
    t.not(HTTP_ERRORS[code].error, 'Error', `${code} has a reason phrase`)
    t.equal(new QmsError(code, 'x').statusCode, status)
  }
  t.equal(HTTP_ERRORS.QMS_ERR_HALL_CLOSED.error, 'Conflict')
  t.equal(HTTP_ERRORS.QMS_ERR_RATE_LIMITED.error, 'Too Many Requests')
})

t.test('5xx bodies never carry the original message', async (t) => {
  const b = errorBody('QMS_ERR_INTERNAL', 'ECONNREFUSED 10.0.0.5:6379 at RedisStore.issue', {
    requestId: 'req-7',
    details: { key: 'qms:{h}:tk' },
  })
  t.same(b, {
    statusCode: 500,
    code: 'QMS_ERR_INTERNAL',
    error: 'Internal Server Error',
    message: 'internal error',
    requestId: 'req-7',
  })
  t.equal(errorBody('QMS_ERR_STALE_CONFIG', 'version 3 < 4').message, 'internal error')
  t.equal(errorBody('QMS_ERR_UNAVAILABLE', 'redis down').message, 'service unavailable')
  const long = errorBody('QMS_ERR_VALIDATION', 'x'.repeat(5000))
  t.ok(long.message.length <= 501, 'client messages are capped')
  t.same(errorBody('QMS_ERR_WINDOW_BUSY', 'busy', { details: { window: 'W1' } }).details, { window: 'W1' })
})

t.test('status-only errors get a matching code', async (t) => {
  t.equal(codeForStatus(401), 'QMS_ERR_UNAUTHORIZED')
  t.equal(codeForStatus(429), 'QMS_ERR_RATE_LIMITED')
  t.equal(codeForStatus(415), 'QMS_ERR_VALIDATION')
  t.equal(codeForStatus(502), 'QMS_ERR_INTERNAL')
  t.equal(codeForStatus(503), 'QMS_ERR_UNAVAILABLE')
})

t.test('times are ISO 8601 in the hall offset', async (t) => {
  const at = Date.UTC(2025, 2, 3, 1, 5, 0) // 09:05 in Shanghai
  t.equal(isoInZone(at, 'Asia/Shanghai'), '2025-03-03T09:05:00+08:00')
  t.equal(isoInZone(at + 250, 'Asia/Shanghai'), '2025-03-03T09:05:00.250+08:00')
  t.equal(isoInZone(Date.UTC(2025, 2, 2, 16, 0, 0), 'Asia/Shanghai'), '2025-03-03T00:00:00+08:00', 'local midnight')
  t.equal(isoInZone(at, 'Asia/Kolkata'), '2025-03-03T06:35:00+05:30')
  t.match(isoInZone(at, 'UTC'), /^2025-03-03T01:05:00(Z|\+00:00)$/)
  for (const tz of ['Asia/Shanghai', 'Asia/Kolkata', 'America/New_York']) {
    t.equal(Date.parse(isoInZone(at, tz)), at, `${tz} round-trips`)
  }
})

t.test('etaMinutes rounds up and never goes negative', async (t) => {
  t.same([0, 1, 59, 60, 61, 600].map(etaMinutes), [0, 1, 1, 1, 2, 10])
})

t.test('ticket ids: 128 bits, base64url', async (t) => {
  const ids = new Set(Array.from({ length: 500 }, newTicketId))
  t.equal(ids.size, 500)
  for (const id of ids) t.match(id, /^[A-Za-z0-9_-]{22}$/)
})

t.test('priority → class', async (t) => {
  const rt = {
    classes: { green: { id: 'green', rank: 2 }, appointment: { id: 'appointment', rank: 1 } },
    classBands: ['green', 'appointment', 'normal'],
  } as unknown as HallRuntime
  t.equal(priorityClassOf(rt, undefined), 'normal')
  t.equal(priorityClassOf(rt, false), 'normal')
  t.equal(priorityClassOf(rt, 'normal'), 'normal')
  t.equal(priorityClassOf(rt, true), 'green', 'true → the first-called class')
  t.equal(priorityClassOf(rt, 'appointment'), 'appointment')
  t.throws(() => priorityClassOf(rt, 'vip'), { code: 'QMS_ERR_UNKNOWN_PRIORITY_CLASS' })
  t.throws(() => priorityClassOf(rt, 'toString'), { code: 'QMS_ERR_UNKNOWN_PRIORITY_CLASS' }, 'no prototype keys')
  const plain = { classes: {}, classBands: ['normal'] } as unknown as HallRuntime
  t.throws(() => priorityClassOf(plain, true), { code: 'QMS_ERR_UNKNOWN_PRIORITY_CLASS' })
})

t.test('token grants per role', async (t) => {
  t.same(grantOf({ role: 'admin' }), { role: 'admin', halls: '*' })
  t.same(grantOf({ role: 'manager', halls: ['h1', 'h2', 'h1'] }), { role: 'manager', halls: ['h1', 'h2'] })
  t.same(grantOf({ role: 'clerk', hall: 'h1', windows: ['W3'] }), { role: 'clerk', halls: ['h1'], windows: ['W3'] })
  t.same(grantOf({ role: 'device', hall: 'h1', device: 'kiosk-1' }), {
    role: 'device',
    halls: ['h1'],
    device: 'kiosk-1',
  })
  t.same(grantOf({ role: 'display', hall: 'h1' }), { role: 'display', halls: ['h1'] })
  const bad: [string, Parameters<typeof grantOf>[0]][] = [
    ['admin with halls', { role: 'admin', hall: 'h1' }],
    ['manager without halls', { role: 'manager' }],
    ['hall and halls', { role: 'manager', hall: 'h1', halls: ['h2'] }],
    ['clerk of two halls', { role: 'clerk', halls: ['h1', 'h2'], windows: ['W1'] }],
    ['clerk without windows', { role: 'clerk', hall: 'h1' }],
    ['display with windows', { role: 'display', hall: 'h1', windows: ['W1'] }],
    ['device without device id', { role: 'device', hall: 'h1' }],
    ['clerk with device id', { role: 'clerk', hall: 'h1', windows: ['W1'], device: 'd' }],
  ]
  for (const [name, req] of bad) t.throws(() => grantOf(req), { code: 'QMS_ERR_VALIDATION' }, name)
})

t.test('who manages which token', async (t) => {
  const admin = { tokenId: 'a', role: 'admin' as const, halls: '*' as const }
  const mgr = { tokenId: 'm', role: 'manager' as const, halls: ['h1', 'h2'] }
  t.ok(canManageToken(admin, { role: 'admin', halls: '*' }))
  t.ok(canManageToken(mgr, { role: 'clerk', halls: ['h1'] }))
  t.ok(canManageToken(mgr, { role: 'display', halls: ['h2'] }))
  t.notOk(canManageToken(mgr, { role: 'clerk', halls: ['h3'] }), 'other hall')
  t.notOk(canManageToken(mgr, { role: 'manager', halls: ['h1'] }), 'managers do not mint managers')
  t.notOk(canManageToken(mgr, { role: 'admin', halls: '*' }))
  t.notOk(
    canManageToken({ tokenId: 'c', role: 'clerk', halls: ['h1'], windows: ['W1'] }, { role: 'display', halls: ['h1'] }),
  )
})

t.test('ticket scope for window-bound tokens', async (t) => {
  const clerk = { tokenId: 'c', role: 'clerk' as const, halls: ['h1'], windows: ['W3'] }
  const cases: [
    string,
    { status: 'waiting' | 'called' | 'serving' | 'held' | 'no_show'; window: string | null },
    boolean,
  ][] = [
    ['waiting, no window', { status: 'waiting', window: null }, true],
    ['waiting in another window queue', { status: 'waiting', window: 'W4' }, true],
    ['called at own window', { status: 'called', window: 'W3' }, true],
    ['held by own window', { status: 'held', window: 'W3' }, true],
    ['serving at another window', { status: 'serving', window: 'W4' }, false],
    ['held by another window', { status: 'held', window: 'W4' }, false],
    ['no-show at another window', { status: 'no_show', window: 'W4' }, false],
  ]
  for (const [name, ticket, allowed] of cases) t.equal(canActOnTicket(clerk, 'h1', ticket), allowed, name)
  t.notOk(canActOnTicket(clerk, 'h2', { status: 'waiting', window: null }), 'other hall')
  t.notOk(
    canActOnTicket({ tokenId: 'd', role: 'display', halls: ['h1'] }, 'h1', { status: 'waiting', window: null }),
    'display',
  )
  t.ok(
    canActOnTicket({ tokenId: 'b', role: 'device', halls: ['h1'] }, 'h1', { status: 'serving', window: 'W9' }),
    'hall-wide device',
  )
})
