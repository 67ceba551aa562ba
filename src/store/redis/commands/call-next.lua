--[[
  Call the next ticket to a window (docs/queue-semantics.md, "Call next").
  KEYS[1..6] fixed (see includes/common.lua)
  KEYS[7..]  the window's own queue w:<window>, then s:<service> for each service of the window
  ARGV[1..5] fixed; ARGV[5] names the queue keys
  ARGV[6]    window id
  ARGV[7]    JSON {s = services in policy order, p = policy, nb = normal band}
  Returns JSON {ticket, completed} (either may be null)
    or {E.WINDOW_NOT_FOUND | E.WINDOW_NOT_OPEN, detail}
]]
--@include "common"
--@include "events"
--@include "selectNext"

-- The head of each class band of one queue: one ZRANGE per band present (the normal band is last).
local function bandHeads(key, queueId, service, lastBand, out)
  local head = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  while head[1] do
    local score = tonumber(head[2])
    local band = math.floor(score / BAND)
    out[#out + 1] = { queue = queueId, service = service, band = band, orderAt = score - band * BAND, ticketId = head[1] }
    if band >= lastBand then break end
    head = redis.call('ZRANGEBYSCORE', key, (band + 1) * BAND, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
  end
end

local ctx = context()
local failed = checkVersion(ctx, ARGV[1])
if failed then return failed end
local windowId = ARGV[6]
local cfg = cjson.decode(ARGV[7])
local queues = queueMap()

local w = getJson(ctx.winKey, windowId)
if not w then return fail(E.WINDOW_NOT_FOUND, { window = windowId }) end
if w.status ~= 'open' then return fail(E.WINDOW_NOT_OPEN, { window = windowId, status = w.status }) end

-- A current ticket is completed first: the keypad's "next" ends the current service.
local completed = NULL
if not isnull(w.current) then
  local t = getJson(ctx.tkKey, w.current)
  w.current = NULL
  if t then
    t.status = 'done'
    t.outcome = 'completed'
    t.finishedAt = ctx.now
    putJson(ctx.tkKey, t.id, t)
    ticketEvent(ctx, 'ticket.done', t, { outcome = 'completed', auto = true })
    completed = t
  end
end

local candidates = {}
bandHeads(queues['w:' .. windowId], 'w:' .. windowId, nil, cfg.nb, candidates)
for _, s in ipairs(cfg.s) do
  bandHeads(queues['s:' .. s], 's:' .. s, s, cfg.nb, candidates)
end
local chosen = selectNext({
  window = windowId, services = cfg.s, policy = cfg.p, normalBand = cfg.nb,
  consecutivePriority = w.consecutivePriority, now = ctx.now, candidates = candidates,
})

local called = NULL
if chosen then
  local t = getJson(ctx.tkKey, chosen.candidate.ticketId)
  redis.call('ZREM', queues[chosen.candidate.queue], t.id)
  if redis.call('HINCRBY', ctx.wcKey, t.service, -1) < 0 then redis.call('HSET', ctx.wcKey, t.service, 0) end
  t.queue = NULL
  t.status = 'called'
  t.window = windowId
  t.calledAt = ctx.now
  t.rule = chosen.rule
  putJson(ctx.tkKey, t.id, t)
  w.current = t.id
  w.consecutivePriority = chosen.consecutivePriority
  ticketEvent(ctx, 'ticket.called', t, { rule = chosen.rule })
  called = t
end
putWindow(ctx, w)
return cjson.encode({ ticket = called, completed = completed })
