--[[
  Complete a ticket: called | serving -> done; frees its window.
  KEYS[1..6] fixed, ARGV[1..5] fixed (see includes/common.lua); no queue keys
  ARGV[6] ticket id   ARGV[7] outcome ('' = completed)
  Returns the ticket JSON or {E.TICKET_NOT_FOUND | E.INVALID_TRANSITION, detail}
]]
--@include "common"
--@include "events"
--@include "queueing"

local ctx = context()
local failed = checkVersion(ctx, ARGV[1])
if failed then return failed end
local t, err = ticketFor(ctx, 'complete', ARGV[6])
if not t then return err end

leaveWindow(ctx, t)
t.status = 'done'
t.outcome = ARGV[7] ~= '' and ARGV[7] or 'completed'
t.finishedAt = ctx.now
putJson(ctx.tkKey, t.id, t)
ticketEvent(ctx, 'ticket.done', t, { outcome = t.outcome })
return cjson.encode(t)
