--[[
  Create or replace a hall's configuration (docs/queue-semantics.md, "Configuration"). Window
  states and queues survive; new windows start closed; removing a window that is not closed, has
  a current ticket or a non-empty own queue, or a service with waiting tickets, is refused.
  KEYS[1..6] fixed (see includes/common.lua)
  KEYS[7..]  own queues w:<window> of the windows the caller expects to be removed (named in ARGV[5])
  ARGV[1] the version the caller read ('0' for a new hall)   ARGV[2] now   ARGV[3] hall
  ARGV[4] live channel   ARGV[5] queue ids of KEYS[7..]   ARGV[6] JSON window ids, configuration order
  ARGV[7] JSON service ids   ARGV[8] document JSON   ARGV[9] runtime JSON
  Returns JSON {version, created} or {E.STALE_CONFIG | E.CONFIG_CONFLICT, detail}
]]
--@include "common"
--@include "events"

local ctx = context()
local stored = redis.call('HGET', ctx.hallKey, 'v')
if (stored or '0') ~= ARGV[1] then return fail(E.STALE_CONFIG) end
local queues = queueMap()
local windowIds, serviceIds = cjson.decode(ARGV[6]), cjson.decode(ARGV[7])
local keepWindow, keepService = {}, {}
for _, id in ipairs(windowIds) do keepWindow[id] = true end
for _, id in ipairs(serviceIds) do keepService[id] = true end

local removedWindows, removedServices = {}, {}
for _, id in ipairs(redis.call('HKEYS', ctx.winKey)) do
  if not keepWindow[id] then
    local key = queues['w:' .. id]
    -- The caller read an older configuration than the one stored: let it re-read and retry.
    if not key then return fail(E.STALE_CONFIG) end
    local w = getJson(ctx.winKey, id)
    if w.status ~= 'closed' or not isnull(w.current) or redis.call('ZCARD', key) > 0 then
      return fail(E.CONFIG_CONFLICT, { window = id, status = w.status })
    end
    removedWindows[#removedWindows + 1] = id
  end
end
local counts = redis.call('HGETALL', ctx.wcKey)
for i = 1, #counts, 2 do
  if not keepService[counts[i]] then
    if tonumber(counts[i + 1]) > 0 then return fail(E.CONFIG_CONFLICT, { service = counts[i] }) end
    removedServices[#removedServices + 1] = counts[i]
  end
end

for _, id in ipairs(removedWindows) do
  redis.call('HDEL', ctx.winKey, id)
  redis.call('HDEL', ctx.wsKey, id)
end
for _, id in ipairs(removedServices) do redis.call('HDEL', ctx.wcKey, id) end
for _, id in ipairs(windowIds) do
  if redis.call('HEXISTS', ctx.winKey, id) == 0 then
    putWindow(ctx, { id = id, status = 'closed', current = NULL, consecutivePriority = 0, reason = NULL, since = ctx.now })
  end
end
local version = tonumber(stored or '0') + 1
redis.call('HSET', ctx.hallKey, 'v', version, 'doc', ARGV[8], 'rt', ARGV[9])
emit(ctx, { type = 'hall.configured', data = { version = version } })
return cjson.encode({ version = version, created = stored == false or stored == nil })
