// The webhook driver: POSTs each notification as JSON to a gateway (SMS, WeChat template
// messages…), signed with HMAC-SHA256 of the body (`x-qms-signature: sha256=<hex>`) so the gateway
// knows it came from us. Network errors and 5xx answers are retried with backoff; 4xx are not.
import { createHmac } from 'node:crypto'
import type { Notification, Notifier } from './notifier.ts'

export interface WebhookOptions {
  url: string
  secret: string
  timeoutMs?: number // per attempt, default 5 s
  retryDelaysMs?: number[] // default [200, 1000]: three attempts in all
}

export class WebhookError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message)
    this.name = 'WebhookError'
  }
}

export class WebhookNotifier implements Notifier {
  constructor(private readonly opts: WebhookOptions) {}

  async send(n: Notification): Promise<void> {
    const body = JSON.stringify(n)
    const signature = createHmac('sha256', this.opts.secret).update(body).digest('hex')
    const delays = this.opts.retryDelaysMs ?? [200, 1000]
    for (let attempt = 0; ; attempt++) {
      const error = await this.attempt(body, signature, n)
      if (error === null) return
      if ((error.status !== null && error.status < 500) || attempt >= delays.length) throw error
      await new Promise((r) => setTimeout(r, delays[attempt]))
    }
  }

  private async attempt(body: string, signature: string, n: Notification): Promise<WebhookError | null> {
    try {
      const res = await fetch(this.opts.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-qms-signature': `sha256=${signature}`,
          'x-qms-event': `ticket.${n.kind}`,
          'x-qms-id': n.id,
        },
        body,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
      })
      await res.arrayBuffer().catch(() => undefined) // drain, so the connection is reused
      return res.ok ? null : new WebhookError(`webhook answered ${res.status}`, res.status)
    } catch (e) {
      return new WebhookError(`webhook unreachable: ${e instanceof Error ? e.message : String(e)}`, null)
    }
  }
}
