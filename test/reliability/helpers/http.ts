// A small HTTP client for the failure tests: real sockets (fetch), a timeout per request, and
// failover across core instances the way a kiosk or clerk console with two addresses would do it.
import { setTimeout as sleep } from 'node:timers/promises'

export interface Answer {
  status: number
  body: any // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON of many shapes
}

export interface CallOptions {
  token?: string | null
  body?: unknown
  headers?: Record<string, string>
  timeoutMs?: number
}

/** One request; throws on a network error or timeout (what a crash of the instance looks like). */
export async function call(base: string, method: string, path: string, o: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...o.headers }
  if (o.token) headers.authorization = `Bearer ${o.token}`
  if (o.body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(o.body !== undefined && { body: JSON.stringify(o.body) }),
    signal: AbortSignal.timeout(o.timeoutMs ?? 5000),
  })
  const text = await res.text()
  return { status: res.status, body: parseBody(text) }
}

function parseBody(text: string): unknown {
  if (text === '') return null
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** 5xx and network errors are worth retrying elsewhere; a 4xx is the answer. */
const retryable = (a: Answer | null): boolean => a === null || a.status >= 500

export interface FailoverResult {
  answer: Answer
  attempts: number
}

/**
 * Sends the same request to `bases()[start]`, and on a network error or 5xx to the next base,
 * round and round, until an answer that is not retryable or `deadlineMs` passes (then throws).
 */
export async function failover(
  bases: () => string[],
  start: number,
  method: string,
  path: string,
  o: CallOptions & { deadlineMs?: number } = {},
): Promise<FailoverResult> {
  const deadline = Date.now() + (o.deadlineMs ?? 30_000)
  let attempts = 0
  let last = ''
  for (let i = start; Date.now() < deadline; i++) {
    const list = bases()
    const base = list[i % list.length]!
    attempts++
    const answer = await call(base, method, path, o).catch((err: unknown) => {
      last = String((err as Error).cause ?? err)
      return null
    })
    if (!retryable(answer)) return { answer: answer!, attempts }
    if (answer) last = `${answer.status} ${JSON.stringify(answer.body)}`
    await sleep(Math.min(25 * attempts, 250))
  }
  throw new Error(`${method} ${path}: no answer before the deadline (last: ${last})`)
}
