--[[
  Read one ticket with its place in its queue (no writes).
  KEYS[1] tickets hash   KEYS[2] window statuses   KEYS[3..] every queue of the hall
  ARGV[1] ticket id   ARGV[2] JSON queue ids of KEYS[3..]
  ARGV[3] JSON {serviceId = {m = mode, w = windows}}
  Returns JSON {ticket, ahead, open} (open = open windows serving its service), or false if unknown.
]]
--@include "common"
--@include "queueing"

local t = getJson(KEYS[1], ARGV[1])
if not t then return false end
local ahead, open = 0, 0
if t.status == 'waiting' and not isnull(t.queue) then
  for i, id in ipairs(cjson.decode(ARGV[2])) do
    if id == t.queue then ahead = redis.call('ZRANK', KEYS[2 + i], t.id) or 0 end
  end
end
local svc = cjson.decode(ARGV[3])[t.service]
if svc then open = openCount(KEYS[2], svc.w) end
return cjson.encode({ ticket = t, ahead = ahead, open = open })
