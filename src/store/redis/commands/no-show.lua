--[[
  Mark a called ticket as not shown up: called -> no_show; frees its window.
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
local t, err = ticketFor(ctx, 'noShow', ARGV[6])
if not t then return err end

leaveWindow(ctx, t)
t.status = 'no_show'
t.finishedAt = ctx.now
putJson(ctx.tkKey, t.id, t)
ticketEvent(ctx, 'ticket.no_show', t)
return cjson.encode(t)
