// The core's HTTP API as the bridge uses it. Device input becomes calls made with the device's
// own bearer token, so the core's scope rules (a keypad only operates its window) apply as for
// any client; reads (hall document, snapshot) use the bridge's token. All paths are in ROUTES.
export type WindowAction = 'call-next' | 'recall' | 'pause' | 'open'
export type TicketAction = 'complete' | 'no-show' | 'transfer'

export const ROUTES = {
  hall: (h: string) => `/api/v1/halls/${enc(h)}`,
  state: (h: string) => `/api/v1/halls/${enc(h)}/state`,
  window: (h: string, w: string, a: WindowAction) => `/api/v1/halls/${enc(h)}/windows/${enc(w)}/${a}`,
  ticket: (h: string, t: string, a: TicketAction) => `/api/v1/halls/${enc(h)}/tickets/${enc(t)}/${a}`,
  issue: (h: string) => `/api/v1/halls/${enc(h)}/tickets`,
  rating: (h: string, t: string) => `/api/v1/halls/${enc(h)}/tickets/${enc(t)}/rating`,
}
const enc = encodeURIComponent

/** What the bridge needs of `GET /halls/{hall}/state`. */
export interface HallState {
  seq: number
  windows: {
    id: string
    status: 'open' | 'paused' | 'closed'
    current?: { id: string; number: string } | undefined
    queueLength?: number | undefined
  }[]
  services: { id: string; waiting: number; etaMinutes: number }[]
}

/** What the bridge needs of an issued ticket (the API's Ticket view). */
export interface IssuedTicket {
  id: string
  number: string
  service: string
  ahead: number
  etaMinutes: number
  issuedAt: string // ISO 8601 in the hall's offset
}

export interface CoreApi {
  hallDocument(hall: string): Promise<unknown>
  state(hall: string): Promise<HallState>
  windowAction(
    hall: string,
    window: string,
    action: WindowAction,
    token: string,
    body?: Record<string, unknown>,
  ): Promise<unknown>
  ticketAction(
    hall: string,
    ticket: string,
    action: TicketAction,
    token: string,
    body?: Record<string, unknown>,
  ): Promise<unknown>
  issue(hall: string, token: string, body: { service: string; priority?: string }): Promise<IssuedTicket>
  /** A citizen's rating from an evaluator, sent with the evaluator's own token (docs/evaluation.md). */
  rate(hall: string, ticket: string, token: string, body: RatingBody): Promise<unknown>
}

export interface RatingBody {
  grade: number
  reasons?: string[]
}

/** An error answer of the core: `{statusCode, code, error, message}`. */
export class CoreApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'CoreApiError'
  }
}

export class HttpCoreApi implements CoreApi {
  constructor(
    private readonly baseUrl: string,
    private readonly readToken: string,
    private readonly timeoutMs = 5000,
  ) {}

  private async call(method: 'GET' | 'POST', path: string, token: string, body?: unknown): Promise<unknown> {
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    })
    const text = await res.text()
    const json: unknown = text ? JSON.parse(text) : null
    if (!res.ok) {
      const e = (json ?? {}) as { code?: string; message?: string }
      throw new CoreApiError(res.status, e.code ?? 'QMS_ERR_INTERNAL', e.message ?? res.statusText)
    }
    return json
  }

  async hallDocument(hall: string): Promise<unknown> {
    return this.call('GET', ROUTES.hall(hall), this.readToken)
  }

  async state(hall: string): Promise<HallState> {
    return (await this.call('GET', ROUTES.state(hall), this.readToken)) as HallState
  }

  windowAction(
    hall: string,
    window: string,
    action: WindowAction,
    token: string,
    body: Record<string, unknown> = {},
  ): Promise<unknown> {
    return this.call('POST', ROUTES.window(hall, window, action), token, body)
  }

  ticketAction(
    hall: string,
    ticket: string,
    action: TicketAction,
    token: string,
    body: Record<string, unknown> = {},
  ): Promise<unknown> {
    return this.call('POST', ROUTES.ticket(hall, ticket, action), token, body)
  }

  async issue(hall: string, token: string, body: { service: string; priority?: string }): Promise<IssuedTicket> {
    return (await this.call('POST', ROUTES.issue(hall), token, body)) as IssuedTicket
  }

  rate(hall: string, ticket: string, token: string, body: RatingBody): Promise<unknown> {
    return this.call('POST', ROUTES.rating(hall, ticket), token, body)
  }
}
