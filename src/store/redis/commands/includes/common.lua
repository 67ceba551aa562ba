--[[
  Shared by every mutating script. Fixed layout:
    KEYS[1] hall hash   KEYS[2] windows hash   KEYS[3] tickets hash   KEYS[4] event stream
    KEYS[5] waiting counts per service   KEYS[6] window statuses (windowId -> status, mirrors
    the status inside the windows hash so counting open windows needs no JSON decoding)
    ARGV[1] config version the caller's arguments were built from   ARGV[2] now (epoch ms)
    ARGV[3] hall id   ARGV[4] live channel   ARGV[5] JSON array naming the queue keys, which
    come last in KEYS (see queueMap)
  `E` (error codes) and `ALLOWED` (ticket transitions) are prepended by the loader from the
  TypeScript tables, so they are written in one place only.
]]
local NULL = cjson.null
-- Queue score = band * BAND + orderAt: exact in a double for epoch ms before 2286.
local BAND = 1e13

local function isnull(v)
  return v == nil or v == NULL
end

-- A failure reply: {negativeCode, detail JSON}; turned into a QmsError in error-codes.ts.
local function fail(code, detail)
  return {code, cjson.encode(detail or {})}
end

local function context()
  return {
    hallKey = KEYS[1], winKey = KEYS[2], tkKey = KEYS[3], evKey = KEYS[4], wcKey = KEYS[5], wsKey = KEYS[6],
    now = tonumber(ARGV[2]), hall = ARGV[3], channel = ARGV[4],
  }
end

-- nil when the hall is at config version `expected`, else the failure to return.
local function checkVersion(ctx, expected)
  local v = redis.call('HGET', ctx.hallKey, 'v')
  if not v then return fail(E.HALL_NOT_FOUND) end
  if v ~= expected then return fail(E.STALE_CONFIG) end
  return nil
end

-- Queue id ('s:<service>' | 'w:<window>') -> key: the last #ids keys, in the order ARGV[5] names them.
local function queueMap()
  local ids = cjson.decode(ARGV[5])
  local first = #KEYS - #ids
  local map = {}
  for i, id in ipairs(ids) do
    map[id] = KEYS[first + i]
  end
  return map
end

local function getJson(hashKey, field)
  local raw = redis.call('HGET', hashKey, field)
  if not raw then return nil end
  return cjson.decode(raw)
end

local function putJson(hashKey, field, value)
  redis.call('HSET', hashKey, field, cjson.encode(value))
end

-- Window states are written only through here, so the status mirror in KEYS[6] stays exact.
local function putWindow(ctx, w)
  redis.call('HSET', ctx.winKey, w.id, cjson.encode(w))
  redis.call('HSET', ctx.wsKey, w.id, w.status)
end

local function allowed(op, status)
  for _, s in ipairs(ALLOWED[op]) do
    if s == status then return true end
  end
  return false
end

-- The ticket `id` if operation `op` accepts its status; else nil and the failure to return.
local function ticketFor(ctx, op, id)
  local t = getJson(ctx.tkKey, id)
  if not t then return nil, fail(E.TICKET_NOT_FOUND, { ticket = id }) end
  if not allowed(op, t.status) then
    return nil, fail(E.INVALID_TRANSITION, { number = t.number, status = t.status })
  end
  return t
end
