-- Moving tickets in and out of queues and window slots (mirrors MemoryHall in src/store/memory).

-- bands: class id -> band (JSON from the caller); a class no longer configured waits as normal.
local function bandOf(bands, class)
  return bands[class] or bands['normal']
end

local function enqueue(ctx, queues, bands, t, queueId)
  t.queue = queueId
  t.status = 'waiting'
  redis.call('ZADD', queues[queueId], bandOf(bands, t.class) * BAND + t.orderAt, t.id)
  redis.call('HINCRBY', ctx.wcKey, t.service, 1)
end

local function dequeue(ctx, queues, t)
  if isnull(t.queue) then return end
  redis.call('ZREM', queues[t.queue], t.id)
  if redis.call('HINCRBY', ctx.wcKey, t.service, -1) < 0 then
    redis.call('HSET', ctx.wcKey, t.service, 0)
  end
  t.queue = NULL
end

-- Frees the window slot the ticket occupies, if any.
local function leaveWindow(ctx, t)
  if isnull(t.window) then return end
  local w = getJson(ctx.winKey, t.window)
  if w and w.current == t.id then
    w.current = NULL
    putWindow(ctx, w)
  end
end

-- Where a ticket of a service waits: its shared queue, or (assigned mode) the open window with the
-- shortest own queue, plus one if busy; ties by configuration order (domain/estimate.ts).
-- svc = {m = mode, w = {window ids in configuration order}}. Returns queue id, window (or NULL).
local function targetQueue(ctx, queues, serviceId, svc)
  if svc.m ~= 'assigned' or #svc.w == 0 then return 's:' .. serviceId, NULL end
  local statuses = redis.call('HMGET', ctx.wsKey, unpack(svc.w))
  local best, bestLoad = nil, nil
  for i, id in ipairs(svc.w) do
    if statuses[i] == 'open' then
      local w = getJson(ctx.winKey, id)
      local load = redis.call('ZCARD', queues['w:' .. id]) + (isnull(w.current) and 0 or 1)
      if best == nil or load < bestLoad then
        best, bestLoad = id, load
      end
    end
  end
  if best then return 'w:' .. best, best end
  return 's:' .. serviceId, NULL
end

-- Open windows among ids (the windows serving a service).
local function openCount(wsKey, ids)
  if #ids == 0 then return 0 end
  local n = 0
  for _, status in ipairs(redis.call('HMGET', wsKey, unpack(ids))) do
    if status == 'open' then n = n + 1 end
  end
  return n
end

-- ceil(ahead * mean / max(1, windows)); a ticket in a window's own queue has one window.
local function etaSec(ahead, meanSec, queueId, openWindows)
  local windows = openWindows
  if string.sub(queueId, 1, 2) == 'w:' then windows = 1 end
  return math.ceil(ahead * meanSec / math.max(1, windows))
end
