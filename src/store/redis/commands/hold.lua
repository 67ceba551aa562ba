--[[
  Put a ticket on hold: called | serving -> held; frees its window, which stays the holding window.
  KEYS[1..6] fixed, ARGV[1..5] fixed (see includes/common.lua); no queue keys
  ARGV[6] ticket id
  Returns the ticket JSON or {E.TICKET_NOT_FOUND | E.INVALID_TRANSITION, detail}
]]
--@include "common"
--@include "events"
--@include "queueing"

local ctx = context()
local failed = checkVersion(ctx, ARGV[1])
if failed then return failed end
local t, err = ticketFor(ctx, 'hold', ARGV[6])
if not t then return err end

leaveWindow(ctx, t)
t.status = 'held'
putJson(ctx.tkKey, t.id, t)
ticketEvent(ctx, 'ticket.held', t)
return cjson.encode(t)
