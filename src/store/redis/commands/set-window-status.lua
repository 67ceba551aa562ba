--[[
  Open, pause or close a window (docs/queue-semantics.md, "Windows"). Closing moves the window's
  own queue, keeping each ticket's place by time: tickets of an assigned service to another open
  window chosen as at issue (or their service queue), others to their service queue.
  KEYS[1..6] fixed, ARGV[1..5] fixed (see includes/common.lua)
  KEYS[7..]  every queue of the hall (named in ARGV[5])
  ARGV[6] window id   ARGV[7] 'open' | 'paused' | 'closed'   ARGV[8] JSON reason (string or null)
  ARGV[9] JSON {serviceId = {m = mode, w = windows}}   ARGV[10] JSON {classId = band}
  Returns the WindowState JSON
    or {E.WINDOW_NOT_FOUND | E.INVALID_TRANSITION | E.WINDOW_BUSY | E.INTERNAL, detail}
]]
--@include "common"
--@include "events"
--@include "queueing"

local ctx = context()
local failed = checkVersion(ctx, ARGV[1])
if failed then return failed end
local queues = queueMap()
local windowId, status, reason = ARGV[6], ARGV[7], cjson.decode(ARGV[8])
local services, bands = cjson.decode(ARGV[9]), cjson.decode(ARGV[10])

local w = getJson(ctx.winKey, windowId)
if not w then return fail(E.WINDOW_NOT_FOUND, { window = windowId }) end
if w.status == status then return cjson.encode(w) end
if status == 'paused' and w.status ~= 'open' then
  return fail(E.INVALID_TRANSITION, { window = windowId, status = w.status })
end
if status == 'closed' and not isnull(w.current) then return fail(E.WINDOW_BUSY, { window = windowId }) end
local own = 'w:' .. windowId
if status == 'closed' and not queues[own] then return fail(E.INTERNAL, { what = 'queue key missing for ' .. own }) end

w.status = status
if status == 'paused' then w.reason = reason else w.reason = NULL end
w.since = ctx.now
w.consecutivePriority = 0
putWindow(ctx, w)
emit(ctx, { type = 'window.status', window = windowId, status = status, data = { reason = w.reason } })

if status == 'closed' then
  for _, id in ipairs(redis.call('ZRANGE', queues[own], 0, -1)) do
    local t = getJson(ctx.tkKey, id)
    dequeue(ctx, queues, t)
    local svc = services[t.service]
    local queueId, target = 's:' .. t.service, NULL
    if svc and svc.m == 'assigned' then queueId, target = targetQueue(ctx, queues, t.service, svc) end
    t.window = target
    enqueue(ctx, queues, bands, t, queueId)
    putJson(ctx.tkKey, t.id, t)
    ticketEvent(ctx, 'ticket.reassigned', t, { from = own, to = queueId })
  end
end
return cjson.encode(w)
