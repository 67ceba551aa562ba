// HallPort over the core's HTTP API, for driving a running system with simulated traffic. The
// server keeps its own clock; the simulator's clock only decides when to send what.
import type { HallPort, WindowCommand } from './hall-port.ts'
import type { Citizen } from './traffic.ts'

export interface HttpStats {
  requests: number
  refused: number // 4xx answers: the hall's rules said no (closed, nothing to call, …)
  failed: number // 5xx or network errors
}

const OPS: Record<'start' | 'complete' | 'noShow' | 'cancel' | 'requeue', string> = {
  start: 'start',
  complete: 'complete',
  noShow: 'no-show',
  cancel: 'cancel',
  requeue: 'requeue',
}
const WINDOW_OPS: Record<WindowCommand, string> = { open: 'open', paused: 'pause', closed: 'close' }

export class HttpHallPort implements HallPort {
  readonly stats: HttpStats = { requests: 0, refused: 0, failed: 0 }

  constructor(
    private readonly base: string,
    private readonly hall: string,
    private readonly token: string,
  ) {}

  private async post(path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    this.stats.requests++
    try {
      const res = await fetch(`${this.base}/halls/${encodeURIComponent(this.hall)}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(10_000),
      })
      const json = res.status === 204 ? null : await res.json().catch(() => null)
      if (res.status >= 500) this.stats.failed++
      else if (res.status >= 400) this.stats.refused++
      return { status: res.status, json }
    } catch {
      this.stats.failed++
      return { status: 0, json: null }
    }
  }

  async issue(c: Citizen): Promise<string | null> {
    const r = await this.post('/tickets', { service: c.service, ...(c.cls !== 'normal' && { priority: c.cls }) })
    return r.status === 201 ? ((r.json as { id?: string }).id ?? null) : null
  }

  async callNext(window: string): Promise<string | null> {
    const r = await this.post(`/windows/${encodeURIComponent(window)}/call-next`)
    return r.status === 200 ? ((r.json as { ticket?: { id?: string } | null }).ticket?.id ?? null) : null
  }

  async act(ticket: string, op: keyof typeof OPS): Promise<boolean> {
    const body = op === 'complete' ? {} : undefined
    return (await this.post(`/tickets/${encodeURIComponent(ticket)}/${OPS[op]}`, body)).status === 200
  }

  async setWindow(window: string, status: WindowCommand): Promise<boolean> {
    const body = status === 'paused' ? { reason: '模拟休息 / simulated break' } : undefined
    return (await this.post(`/windows/${encodeURIComponent(window)}/${WINDOW_OPS[status]}`, body)).status === 200
  }
}
