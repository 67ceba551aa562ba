--[[
  Put a no-show ticket back in its service's queue: no_show -> waiting
  (rules.noShowRequeue 'tail' re-queues at the tail, 'original' keeps its place by time).
  KEYS[1..6] fixed, ARGV[1..5] fixed (see includes/common.lua)
  KEYS[7..]  every queue of the hall (named in ARGV[5])
  ARGV[6] ticket id   ARGV[7] rules.noShowRequeue   ARGV[8] rules.maxRequeues
  ARGV[9] JSON {serviceId = {m = mode, w = windows}}   ARGV[10] JSON {classId = band}
  Returns the ticket JSON
    or {E.TICKET_NOT_FOUND | E.INVALID_TRANSITION | E.REQUEUE_NOT_ALLOWED | E.SERVICE_NOT_FOUND, detail}
]]
--@include "common"
--@include "events"
--@include "queueing"

local ctx = context()
local failed = checkVersion(ctx, ARGV[1])
if failed then return failed end
local queues = queueMap()
local mode, maxRequeues = ARGV[7], tonumber(ARGV[8])
local services, bands = cjson.decode(ARGV[9]), cjson.decode(ARGV[10])
local t, err = ticketFor(ctx, 'requeue', ARGV[6])
if not t then return err end

if mode == 'none' or t.requeues >= maxRequeues then
  return fail(E.REQUEUE_NOT_ALLOWED, { number = t.number })
end
local svc = services[t.service]
if not svc then return fail(E.SERVICE_NOT_FOUND, { service = t.service }) end

if mode == 'tail' then t.orderAt = ctx.now end
local queueId, windowId = targetQueue(ctx, queues, t.service, svc)
t.window = windowId
t.requeues = t.requeues + 1
t.finishedAt = NULL
t.calledAt = NULL
enqueue(ctx, queues, bands, t, queueId)
putJson(ctx.tkKey, t.id, t)
ticketEvent(ctx, 'ticket.requeued', t, { mode = mode })
return cjson.encode(t)
