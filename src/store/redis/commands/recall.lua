--[[
  Recall (announce again) the ticket a window has called.
  KEYS[1..6] fixed, ARGV[1..5] fixed (see includes/common.lua); no queue keys
  ARGV[6] window id   ARGV[7] rules.maxRecalls
  Returns the ticket JSON
    or {E.WINDOW_NOT_FOUND | E.NO_CURRENT_TICKET | E.RECALL_LIMIT, detail}
]]
--@include "common"
--@include "events"

local ctx = context()
local failed = checkVersion(ctx, ARGV[1])
if failed then return failed end
local windowId, maxRecalls = ARGV[6], tonumber(ARGV[7])

local w = getJson(ctx.winKey, windowId)
if not w then return fail(E.WINDOW_NOT_FOUND, { window = windowId }) end
local t = not isnull(w.current) and getJson(ctx.tkKey, w.current) or nil
if not t or t.status ~= 'called' then return fail(E.NO_CURRENT_TICKET, { window = windowId }) end
if t.recalls >= maxRecalls then return fail(E.RECALL_LIMIT, { number = t.number, recalls = t.recalls }) end

t.recalls = t.recalls + 1
putJson(ctx.tkKey, t.id, t)
ticketEvent(ctx, 'ticket.recalled', t, { recalls = t.recalls })
return cjson.encode(t)
