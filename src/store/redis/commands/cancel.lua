--[[
  Cancel a ticket: waiting | called | held | no_show -> cancelled; leaves its queue / window.
  KEYS[1..6] fixed, ARGV[1..5] fixed (see includes/common.lua)
  KEYS[7..]  every queue of the hall (named in ARGV[5])
  ARGV[6] ticket id
  Returns the ticket JSON or {E.TICKET_NOT_FOUND | E.INVALID_TRANSITION | E.INTERNAL, detail}
]]
--@include "common"
--@include "events"
--@include "queueing"

local ctx = context()
local failed = checkVersion(ctx, ARGV[1])
if failed then return failed end
local queues = queueMap()
local t, err = ticketFor(ctx, 'cancel', ARGV[6])
if not t then return err end
if not isnull(t.queue) and not queues[t.queue] then return fail(E.INTERNAL, { what = 'unknown queue ' .. t.queue }) end

leaveWindow(ctx, t)
dequeue(ctx, queues, t)
t.status = 'cancelled'
t.finishedAt = ctx.now
putJson(ctx.tkKey, t.id, t)
ticketEvent(ctx, 'ticket.cancelled', t)
return cjson.encode(t)
