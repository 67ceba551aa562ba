--[[
  Resume a held ticket: held -> called, back as the current ticket of its holding window.
  KEYS[1..6] fixed, ARGV[1..5] fixed (see includes/common.lua); no queue keys
  ARGV[6] ticket id
  Returns the ticket JSON
    or {E.TICKET_NOT_FOUND | E.INVALID_TRANSITION | E.WINDOW_NOT_FOUND | E.WINDOW_NOT_OPEN | E.WINDOW_BUSY, detail}
]]
--@include "common"
--@include "events"

local ctx = context()
local failed = checkVersion(ctx, ARGV[1])
if failed then return failed end
local t, err = ticketFor(ctx, 'resume', ARGV[6])
if not t then return err end

local w = not isnull(t.window) and getJson(ctx.winKey, t.window) or nil
if not w then return fail(E.WINDOW_NOT_FOUND, { window = t.window }) end
if w.status ~= 'open' then return fail(E.WINDOW_NOT_OPEN, { window = w.id, status = w.status }) end
if not isnull(w.current) then return fail(E.WINDOW_BUSY, { window = w.id }) end

w.current = t.id
putWindow(ctx, w)
t.status = 'called'
t.calledAt = ctx.now
putJson(ctx.tkKey, t.id, t)
ticketEvent(ctx, 'ticket.resumed', t)
return cjson.encode(t)
