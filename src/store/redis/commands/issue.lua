--[[
  Issue a ticket (docs/queue-semantics.md, "Issue").
  KEYS[1..6] fixed (see includes/common.lua)
  KEYS[7]    daily counters ctr:<date>   KEYS[8] idempotency keys idem:<date>
  KEYS[9]    person index person:<date> (`<service>|<person key>` -> ticket id)
  KEYS[10..] s:<service>, then (assigned mode) w:<window> for each window serving the service
  ARGV[1..5] fixed; ARGV[5] names the queue keys
  ARGV[6] ticket id   ARGV[7] service   ARGV[8] class   ARGV[9] band of the class
  ARGV[10] idempotency key or ''   ARGV[11] business date   ARGV[12] counter TTL sec
  ARGV[13] idempotency TTL sec
  ARGV[14] JSON {p = prefix, m = mode, d = digits, h = mean handling sec, l = daily limit or -1,
           w = windows serving it in configuration order}
  ARGV[15] orderAt (epoch ms; a ticket is not called before it)
  ARGV[16] person key (keyed hash) or ''   ARGV[17] masked holder or ''
  ARGV[18] '1' for a pre-booked ticket (never refused by the daily limit), else '0'
  ARGV[19] the wait forecast in seconds (kept as etaAtIssueSec) or '' for the simple estimate
  Returns JSON {ticket, ahead, etaSec, created}; for a known idempotency key {ticket, created = false}
    (the caller computes ahead/eta as for a read)
    or {E.IDEMPOTENCY_CONFLICT | E.DUPLICATE_TICKET | E.DAILY_LIMIT | E.TICKET_NOT_FOUND, detail}
]]
--@include "common"
--@include "events"
--@include "queueing"

local ctx = context()
local failed = checkVersion(ctx, ARGV[1])
if failed then return failed end
local counterKey, idemKey, personKey = KEYS[7], KEYS[8], KEYS[9]
local queues = queueMap()
local ticketId, serviceId, class, band = ARGV[6], ARGV[7], ARGV[8], tonumber(ARGV[9])
local idem = ARGV[10]
local svc = cjson.decode(ARGV[14])

if idem ~= '' then
  local known = getJson(idemKey, idem)
  if known then
    if known.s ~= serviceId or known.c ~= class then return fail(E.IDEMPOTENCY_CONFLICT) end
    local t = getJson(ctx.tkKey, known.id)
    if not t then return fail(E.TICKET_NOT_FOUND, { ticket = known.id }) end
    return cjson.encode({ ticket = t, created = false })
  end
end

-- One active ticket per person, service and date (the same list as ACTIVE_STATUSES in transitions.ts).
local ACTIVE = { waiting = true, called = true, serving = true, held = true }
local person, holder = ARGV[16], ARGV[17]
local personField = serviceId .. '|' .. person
if person ~= '' then
  local heldId = redis.call('HGET', personKey, personField)
  local held = heldId and getJson(ctx.tkKey, heldId)
  if held and ACTIVE[held.status] then return fail(E.DUPLICATE_TICKET, { service = serviceId }) end
end

local seq = tonumber(redis.call('HGET', counterKey, serviceId) or '0') + 1
if svc.l >= 0 and seq > svc.l and ARGV[18] ~= '1' then
  return fail(E.DAILY_LIMIT, { service = serviceId, limit = svc.l })
end

local queueId, windowId = targetQueue(ctx, queues, serviceId, svc)
redis.call('HSET', counterKey, serviceId, seq)
redis.call('EXPIRE', counterKey, ARGV[12])

local t = {
  id = ticketId, hall = ctx.hall, number = svc.p .. string.format('%0' .. svc.d .. 'd', seq),
  service = serviceId, class = class, status = 'waiting', issuedAt = ctx.now, orderAt = tonumber(ARGV[15]),
  date = ARGV[11], queue = NULL, window = windowId, calledAt = NULL, startedAt = NULL, finishedAt = NULL,
  recalls = 0, requeues = 0, transfers = 0, rule = NULL, outcome = NULL, aheadAtIssue = 0, etaAtIssueSec = 0,
}
if holder ~= '' then t.holder = holder end
enqueue(ctx, queues, { [class] = band }, t, queueId)
local ahead = redis.call('ZRANK', queues[queueId], ticketId)
t.aheadAtIssue = ahead
local forecast = tonumber(ARGV[19] or '')
t.etaAtIssueSec = forecast or etaSec(ahead, svc.h, queueId, openCount(ctx.wsKey, svc.w))
putJson(ctx.tkKey, ticketId, t)
if person ~= '' then
  redis.call('HSET', personKey, personField, ticketId)
  redis.call('EXPIRE', personKey, ARGV[12])
end
if idem ~= '' then
  putJson(idemKey, idem, { id = ticketId, s = serviceId, c = class })
  redis.call('EXPIRE', idemKey, ARGV[13])
end
ticketEvent(ctx, 'ticket.issued', t, { issuedAt = t.issuedAt, ahead = ahead, etaSec = t.etaAtIssueSec })
return cjson.encode({ ticket = t, ahead = ahead, etaSec = t.etaAtIssueSec, created = true })
