--[[
  Start serving a called ticket: called -> serving.
  KEYS[1..6] fixed, ARGV[1..5] fixed (see includes/common.lua); no queue keys
  ARGV[6] ticket id
  Returns the ticket JSON or {E.TICKET_NOT_FOUND | E.INVALID_TRANSITION, detail}
]]
--@include "common"
--@include "events"

local ctx = context()
local failed = checkVersion(ctx, ARGV[1])
if failed then return failed end
local t, err = ticketFor(ctx, 'start', ARGV[6])
if not t then return err end

t.status = 'serving'
t.startedAt = ctx.now
putJson(ctx.tkKey, t.id, t)
ticketEvent(ctx, 'ticket.started', t)
return cjson.encode(t)
