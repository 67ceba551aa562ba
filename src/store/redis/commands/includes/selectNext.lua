--[[
  The calling policy: which waiting ticket a window calls next. Mirrors selectNext in
  src/domain/select.ts line for line. JS sorts a copy and takes [0]; here `first` scans for the
  element a stable sort would put first (every comparator below breaks all ties, see select.ts).
  candidate = {queue, service (nil for the window's own queue), band, orderAt, ticketId}
  input = {window, services, policy, normalBand, consecutivePriority, now, candidates}
  Returns {candidate, rule, consecutivePriority} or nil.
]]
local function first(list, cmp)
  local best = list[1]
  for i = 2, #list do
    if cmp(list[i], best) < 0 then best = list[i] end
  end
  return best
end

local function byBandThenAge(a, b)
  if a.band ~= b.band then return a.band - b.band end
  if a.orderAt ~= b.orderAt then return a.orderAt - b.orderAt end
  if a.ticketId < b.ticketId then return -1 end
  if a.ticketId > b.ticketId then return 1 end
  return 0
end

local function selectNext(input)
  local policy, normalBand, now = input.policy, input.normalBand, input.now
  -- Not before its time: a head whose orderAt is still ahead (an early appointment) is skipped.
  local candidates = {}
  for _, c in ipairs(input.candidates) do
    if c.orderAt <= now then candidates[#candidates + 1] = c end
  end
  local function serviceRank(c)
    if c.service == nil then return -1 end
    for i, s in ipairs(input.services) do
      if s == c.service then return i - 1 end
    end
    return -1
  end
  local function done(candidate, rule)
    local cp = 0
    if candidate.band < normalBand then cp = input.consecutivePriority + 1 end
    return { candidate = candidate, rule = rule, consecutivePriority = cp }
  end

  local ownQueue = 'w:' .. input.window
  local own, shared = {}, {}
  for _, c in ipairs(candidates) do
    if c.queue == ownQueue then own[#own + 1] = c else shared[#shared + 1] = c end
  end
  if #own > 0 then return done(first(own, byBandThenAge), 'window-queue') end

  if #shared == 0 then return nil end

  local overdue = {}
  for _, c in ipairs(shared) do
    if now - c.orderAt >= policy.agingSec * 1000 then overdue[#overdue + 1] = c end
  end
  if #overdue > 0 then
    return done(first(overdue, function(a, b)
      if a.orderAt ~= b.orderAt then return a.orderAt - b.orderAt end
      if a.band ~= b.band then return a.band - b.band end
      return serviceRank(a) - serviceRank(b)
    end), 'aging')
  end

  local priority, normal = {}, {}
  for _, c in ipairs(shared) do
    if c.band < normalBand then priority[#priority + 1] = c else normal[#normal + 1] = c end
  end
  local capReached = input.consecutivePriority >= policy.maxConsecutivePriority
  if #priority > 0 and (not capReached or #normal == 0) then
    return done(first(priority, byBandThenAge), 'priority')
  end

  local function rule(mode)
    if #priority > 0 then return 'priority-cap' end
    return mode
  end
  if policy.mode == 'order' then
    return done(first(normal, function(a, b)
      local d = serviceRank(a) - serviceRank(b)
      if d ~= 0 then return d end
      return a.orderAt - b.orderAt
    end), rule('order'))
  elseif policy.mode == 'weighted' then
    local weights = policy.weights or {}
    local function score(c)
      return (now - c.orderAt) * (weights[c.service or ''] or 1)
    end
    return done(first(normal, function(a, b)
      local d = score(b) - score(a)
      if d ~= 0 then return d end
      if a.orderAt ~= b.orderAt then return a.orderAt - b.orderAt end
      return serviceRank(a) - serviceRank(b)
    end), rule('weighted'))
  else
    return done(first(normal, function(a, b)
      if a.orderAt ~= b.orderAt then return a.orderAt - b.orderAt end
      return serviceRank(a) - serviceRank(b)
    end), rule('fifo'))
  end
end
