--[[
  Read everything a hall snapshot needs in one consistent step (no writes).
  KEYS[1] hall hash   KEYS[2] windows hash   KEYS[3] tickets hash   KEYS[4] waiting counts
  KEYS[5..] every queue of the hall
  ARGV[1] JSON queue ids of KEYS[5..]
  Returns JSON {v, seq, windows = {id = WindowState}, current = {ticketId = Ticket},
    waiting = {serviceId = n}, lengths = {queueId = n}, oldest = {serviceId = earliest issuedAt
    of its waiting tickets, over every queue}}, or {E.HALL_NOT_FOUND, detail}
]]
--@include "common"

-- Tickets read per HMGET (unpack has a stack limit).
local CHUNK = 500

local meta = redis.call('HMGET', KEYS[1], 'v', 'seq')
if not meta[1] then return fail(E.HALL_NOT_FOUND) end
local out = { v = tonumber(meta[1]), seq = tonumber(meta[2] or '0'), windows = {}, current = {}, waiting = {}, lengths = {}, oldest = {} }

local states = redis.call('HGETALL', KEYS[2])
for i = 1, #states, 2 do
  local w = cjson.decode(states[i + 1])
  out.windows[states[i]] = w
  if not isnull(w.current) then out.current[w.current] = getJson(KEYS[3], w.current) or NULL end
end
local counts = redis.call('HGETALL', KEYS[4])
for i = 1, #counts, 2 do out.waiting[counts[i]] = tonumber(counts[i + 1]) end

-- Queues are ordered by band and orderAt, not by issue time (requeues, appointments): the oldest
-- wait needs every waiting ticket's issuedAt.
local function noteOldest(ids)
  for from = 1, #ids, CHUNK do
    local raws = redis.call('HMGET', KEYS[3], unpack(ids, from, math.min(from + CHUNK - 1, #ids)))
    for _, raw in ipairs(raws) do
      if raw then
        local t = cjson.decode(raw)
        local seen = out.oldest[t.service]
        if seen == nil or t.issuedAt < seen then out.oldest[t.service] = t.issuedAt end
      end
    end
  end
end

for i, id in ipairs(cjson.decode(ARGV[1])) do
  local ids = redis.call('ZRANGE', KEYS[4 + i], 0, -1)
  out.lengths[id] = #ids
  noteOldest(ids)
end
return cjson.encode(out)
