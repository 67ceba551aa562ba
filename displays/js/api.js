// The core's REST API (/api/v1) for the pages. Failures become ApiError carrying the server's
// `{statusCode, code, message}` so pages can show the message and branch on the code.
/* global crypto */
import { t } from './i18n.js'

export class ApiError extends Error {
  constructor(status, code, message, body = null) {
    super(message)
    this.name = 'ApiError'
    this.status = status // HTTP status; 0 when the server could not be reached
    this.code = code
    this.body = body
  }
}

/** A random id for Idempotency-Key headers (one per user intent, reused on retries). */
export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID()
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('')
}

export function createApi({ hall, token = null }) {
  const base = `/api/v1/halls/${encodeURIComponent(hall)}`

  async function request(method, path, body, { idempotencyKey, auth = true } = {}) {
    const headers = { Accept: 'application/json' }
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    if (auth && token) headers.Authorization = `Bearer ${token}`
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey
    let res
    try {
      res = await fetch(base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      })
    } catch {
      throw new ApiError(0, 'QMS_ERR_NETWORK', t('error.network'))
    }
    if (res.status === 204) return null
    const text = await res.text()
    let data
    try {
      data = text ? JSON.parse(text) : null
    } catch {
      data = null // not JSON (a proxy's error page): fall back to the status below
    }
    if (!res.ok) {
      const code = data?.code ?? `HTTP_${res.status}`
      const message = data?.message ?? t('error.http', { status: res.status })
      throw new ApiError(res.status, code, message, data)
    }
    return data
  }

  return {
    hall,
    token,
    get: (path, opts) => request('GET', path, undefined, opts),
    post: (path, body = {}, opts) => request('POST', path, body, opts),
    put: (path, body, opts) => request('PUT', path, body, opts),
  }
}

/** The hall document from `GET /halls/{hall}` (accepts the bare document or a `{document}` wrapper). */
export async function fetchHallDocument(api) {
  const data = await api.get('')
  return data && typeof data === 'object' && 'document' in data && data.document ? data.document : data
}
