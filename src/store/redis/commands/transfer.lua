--[[
  Transfer a ticket to another service's queue or to a window's own queue
  (docs/queue-semantics.md, "Transfer"): waiting | called | serving | held -> waiting.
  KEYS[1..6] fixed, ARGV[1..5] fixed (see includes/common.lua)
  KEYS[7..]  every queue of the hall (named in ARGV[5])
  ARGV[6] ticket id   ARGV[7] target kind 'service' | 'window'   ARGV[8] target id
  ARGV[9] JSON {serviceId = {m = mode, w = windows}}   ARGV[10] JSON {classId = band}
  Returns the ticket JSON
    or {E.TICKET_NOT_FOUND | E.INVALID_TRANSITION | E.SERVICE_NOT_FOUND | E.WINDOW_NOT_FOUND | E.INTERNAL, detail}
]]
--@include "common"
--@include "events"
--@include "queueing"

local ctx = context()
local failed = checkVersion(ctx, ARGV[1])
if failed then return failed end
local queues = queueMap()
local kind, targetId = ARGV[7], ARGV[8]
local services, bands = cjson.decode(ARGV[9]), cjson.decode(ARGV[10])
local t, err = ticketFor(ctx, 'transfer', ARGV[6])
if not t then return err end

local from = NULL
if not isnull(t.queue) then from = t.queue elseif not isnull(t.window) then from = 'w:' .. t.window end
local serviceId, queueId, windowId = t.service, nil, nil
if kind == 'service' then
  local svc = services[targetId]
  if not svc then return fail(E.SERVICE_NOT_FOUND, { service = targetId }) end
  serviceId = targetId
  queueId, windowId = targetQueue(ctx, queues, serviceId, svc)
else
  if not getJson(ctx.winKey, targetId) then return fail(E.WINDOW_NOT_FOUND, { window = targetId }) end
  queueId, windowId = 'w:' .. targetId, targetId
end
if t.status == 'waiting' and t.queue == queueId then
  return fail(E.INVALID_TRANSITION, { number = t.number, status = t.status, queue = queueId })
end
if not queues[queueId] or (not isnull(t.queue) and not queues[t.queue]) then
  return fail(E.INTERNAL, { what = 'queue key missing for ' .. queueId })
end

leaveWindow(ctx, t)
dequeue(ctx, queues, t)
t.service = serviceId
t.window = windowId
t.calledAt = NULL
t.startedAt = NULL
t.transfers = t.transfers + 1
enqueue(ctx, queues, bands, t, queueId)
putJson(ctx.tkKey, t.id, t)
ticketEvent(ctx, 'ticket.transferred', t, { from = from, to = queueId })
return cjson.encode(t)
