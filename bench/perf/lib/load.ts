// The load generator: autocannon (programmatic) against the core or a baseline server, one request
// in flight per connection. Workloads:
//   issue      POST /halls/:hall/tickets, a kiosk token, a fresh Idempotency-Key each time
//   call-next  POST /halls/:hall/windows/:w/call-next, the window's clerk token
//   mix        per 100: 40 ticket reads, 25 issues, 20 call-next, 5 complete, 5 no-show, 5 recall
//   bare       POST /bare on the baseline server (same body as issue)
//   evalsha    POST /evalsha/:hall on the baseline server (same body and headers as issue)
// Window operations take a "slot" (hall + window + its clerk token) that no other connection holds
// meanwhile, so concurrent calls never race on one window (as at a real counter).
import autocannon, { type RawRequest } from 'autocannon'
import { SERVICES, type BenchHall, type Slot } from './halls.ts'

export type Workload = 'issue' | 'call-next' | 'mix' | 'read' | 'bare' | 'evalsha'

export interface LoadResult {
  rps: number
  p50: number // ms
  p99: number
  requests: number
  non2xx: number
  errors: number
  statuses: Record<string, number>
}

/** Shared state of one load run: free window slots and ticket ids to read. */
export class LoadState {
  private idle: Slot[] = []
  private busy: Slot[] = []
  readonly ticketPool: { hall: string; id: string }[] = []
  private poolNext = 0
  private seq = 0
  private readonly run = Math.random().toString(36).slice(2, 8)

  constructor(readonly halls: BenchHall[]) {
    for (const h of halls) for (const s of h.slots) (s.current ? this.busy : this.idle).push(s)
  }

  addTickets(hall: string, ids: string[]): void {
    for (const id of ids) this.addTicket(hall, id)
  }

  addTicket(hall: string, id: string): void {
    const MAX = 50_000
    if (this.ticketPool.length < MAX) this.ticketPool.push({ hall, id })
    else this.ticketPool[this.poolNext++ % MAX] = { hall, id }
  }

  idemKey(): string {
    return `b${this.run}-${++this.seq}`
  }

  randomHall(): BenchHall {
    return this.halls[Math.floor(Math.random() * this.halls.length)]!
  }

  take(wantBusy: boolean): Slot | null {
    const from = wantBusy ? this.busy : this.idle
    return from.shift() ?? (wantBusy ? null : (this.busy.shift() ?? null))
  }

  give(slot: Slot): void {
    ;(slot.current ? this.busy : this.idle).push(slot)
  }
}

const JSON_HEADERS = { 'content-type': 'application/json' }
type Ctx = Record<string, unknown>

function issueRequest(state: LoadState, req: RawRequest, ctx: Ctx): RawRequest {
  const h = state.randomHall()
  ctx.op = 'issue'
  ctx.hall = h.hall
  req.method = 'POST'
  req.path = `/api/v1/halls/${h.hall}/tickets`
  req.headers = { ...JSON_HEADERS, authorization: `Bearer ${h.kioskToken}`, 'idempotency-key': state.idemKey() }
  req.body = `{"service":"${SERVICES[Math.floor(Math.random() * SERVICES.length)]}"}`
  return req
}

function readRequest(state: LoadState, req: RawRequest, ctx: Ctx): RawRequest {
  const pool = state.ticketPool
  const t = pool[Math.floor(Math.random() * pool.length)]!
  ctx.op = 'read'
  req.method = 'GET'
  req.path = `/api/v1/halls/${t.hall}/tickets/${t.id}`
  req.headers = {}
  req.body = undefined
  return req
}

type WindowOp = 'call-next' | 'complete' | 'no-show' | 'recall'

function windowRequest(slot: Slot, op: WindowOp, req: RawRequest, ctx: Ctx): RawRequest {
  ctx.op = op
  ctx.slot = slot
  req.method = 'POST'
  req.path =
    op === 'call-next' || op === 'recall'
      ? `/api/v1/halls/${slot.hall}/windows/${slot.window}/${op}`
      : `/api/v1/halls/${slot.hall}/tickets/${slot.current}/${op}`
  req.headers = { ...JSON_HEADERS, authorization: `Bearer ${slot.token}` }
  req.body = '{}'
  return req
}

/** A window operation on a free slot; a ticket read when every slot is taken. */
function slotRequest(state: LoadState, op: WindowOp, req: RawRequest, ctx: Ctx): RawRequest {
  const needsTicket = op !== 'call-next'
  let slot = state.take(needsTicket)
  if (needsTicket && slot && slot.current === null) op = 'call-next'
  if (!slot && needsTicket) slot = state.take(false)
  if (!slot) return readRequest(state, req, ctx)
  if (op === 'recall' && slot.recalls >= 3) op = 'complete' // the hall allows 3 recalls
  return windowRequest(slot, needsTicket && slot.current === null ? 'call-next' : op, req, ctx)
}

function mixOp(): 'read' | 'issue' | WindowOp {
  const r = Math.random() * 100
  if (r < 40) return 'read'
  if (r < 65) return 'issue'
  if (r < 85) return 'call-next'
  if (r < 90) return 'complete'
  if (r < 95) return 'no-show'
  return 'recall'
}

function onAnswer(state: LoadState, status: number, body: string, ctx: Ctx): void {
  const slot = ctx.slot as Slot | undefined
  if (ctx.op === 'issue' && status === 201) {
    state.addTicket(ctx.hall as string, (JSON.parse(body) as { id: string }).id)
  } else if (slot) {
    if (ctx.op === 'call-next') {
      slot.current = status === 200 ? (JSON.parse(body) as { ticket: { id: string } }).ticket.id : null
      slot.recalls = 0
    } else if (ctx.op === 'recall') {
      if (status === 200) slot.recalls++
      else slot.current = null
    } else {
      slot.current = null // complete / no-show (or a refusal: the slot starts over with a call)
    }
    state.give(slot)
  } else if (status === 200 || status === 201) {
    JSON.parse(body) // every workload parses its answers, so the generator's cost is alike
  }
}

export async function runLoad(
  baseUrl: string,
  workload: Workload,
  state: LoadState,
  opts: { connections: number; durationSec: number; baselineHall?: string },
): Promise<LoadResult> {
  const setup = (req: RawRequest, ctx: Ctx): RawRequest => {
    ctx.slot = undefined
    switch (workload) {
      case 'issue':
        return issueRequest(state, req, ctx)
      case 'call-next':
        return slotRequest(state, 'call-next', req, ctx)
      case 'read':
        return readRequest(state, req, ctx)
      case 'mix': {
        const op = mixOp()
        if (op === 'issue') return issueRequest(state, req, ctx)
        if (op === 'read') return readRequest(state, req, ctx)
        return slotRequest(state, op, req, ctx)
      }
      case 'bare':
      case 'evalsha': {
        ctx.op = workload
        req.method = 'POST'
        req.path = workload === 'bare' ? '/bare' : `/evalsha/${opts.baselineHall}`
        req.headers = { ...JSON_HEADERS, 'idempotency-key': state.idemKey() }
        req.body = `{"service":"${SERVICES[Math.floor(Math.random() * SERVICES.length)]}"}`
        return req
      }
    }
  }
  const result = await autocannon({
    url: baseUrl,
    connections: opts.connections,
    duration: opts.durationSec,
    pipelining: 1,
    timeout: 10,
    requests: [{ setupRequest: setup, onResponse: (status, body, ctx) => onAnswer(state, status, body, ctx) }],
  })
  const statuses: Record<string, number> = {}
  for (const [code, s] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = s.count
  const requests = Object.values(statuses).reduce((a, b) => a + b, 0)
  return {
    rps: requests / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statuses,
  }
}
