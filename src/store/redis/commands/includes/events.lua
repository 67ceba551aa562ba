-- Appending events: next seq of the hall, stream entry `<seq>-0` with field `e`, and the same
-- JSON published on the hall's live channel (fan-out to every core instance).
local function emit(ctx, ev)
  local seq = redis.call('HINCRBY', ctx.hallKey, 'seq', 1)
  ev.seq = seq
  ev.at = ctx.now
  ev.hall = ctx.hall
  local json = cjson.encode(ev)
  redis.call('XADD', ctx.evKey, string.format('%d-0', seq), 'e', json)
  redis.call('PUBLISH', ctx.channel, json)
end

-- Ticket events carry enough of the ticket for an archiver to rebuild its row (domain/events.ts).
local function ticketEvent(ctx, type, t, data)
  local ev = { type = type, ticket = t.id, number = t.number, service = t.service, class = t.class, status = t.status }
  if not isnull(t.window) then ev.window = t.window end
  if data then ev.data = data end
  emit(ctx, ev)
end
