// The hall's live channel (docs/live-channel.md): a snapshot, then events in seq order. Keeps the
// last seq and reconnects by itself with `?since=` after any loss (server restart, network down,
// a gap), with exponential backoff and jitter: a display never needs a manual reload.
/* global addEventListener, removeEventListener, URLSearchParams */

/** Close codes that will not change by retrying at once (bad request, auth, unknown hall). */
const REFUSED = new Set([4400, 4401, 4403, 4404])

export class LiveConnection {
  /**
   * @param {object} o
   * @param {string} o.hall
   * @param {string|null} [o.token]   staff/display token
   * @param {string|null} [o.ticket]  ticket id (mobile ticket page)
   * @param {(snapshot: object, seq: number) => void} o.onSnapshot
   * @param {(event: object) => void} o.onEvent
   * @param {(status: 'connecting'|'live'|'offline'|'refused', detail?: object) => void} [o.onStatus]
   * @param {(forecast: object) => void} [o.onForecast]  unsequenced wait forecasts (docs/live-channel.md)
   */
  constructor(o) {
    this.o = o
    this.seq = null
    this.ws = null
    this.attempt = 0
    this.timer = null
    this.stopped = true
    this.minDelayMs = o.minDelayMs ?? 500
    this.maxDelayMs = o.maxDelayMs ?? 8000
    this.refusedDelayMs = o.refusedDelayMs ?? 30000
    this.wake = () => this.reconnectNow()
  }

  start() {
    this.stopped = false
    addEventListener('online', this.wake)
    this.open()
  }

  stop() {
    this.stopped = true
    removeEventListener('online', this.wake)
    clearTimeout(this.timer)
    this.ws?.close(1000, 'page closed')
    this.ws = null
  }

  /** Forget the seq: the next connection starts with a fresh snapshot (e.g. after hall.configured). */
  resync() {
    this.seq = null
    this.reconnectNow()
  }

  reconnectNow() {
    if (this.stopped) return
    clearTimeout(this.timer)
    this.attempt = 0
    if (this.ws)
      this.ws.close(4000, 'reconnect') // onclose schedules the next attempt
    else this.open()
  }

  url() {
    const q = new URLSearchParams()
    if (this.o.token) q.set('token', this.o.token)
    else if (this.o.ticket) q.set('ticket', this.o.ticket)
    if (this.seq !== null) q.set('since', String(this.seq))
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
    return `${scheme}//${location.host}/api/v1/halls/${encodeURIComponent(this.o.hall)}/live?${q}`
  }

  open() {
    if (this.stopped) return
    this.status('connecting')
    const ws = new WebSocket(this.url())
    this.ws = ws
    ws.onmessage = (m) => this.receive(ws, m.data)
    ws.onclose = (e) => {
      if (this.ws !== ws) return
      this.ws = null
      if (this.stopped) return
      const refused = REFUSED.has(e.code)
      this.status(refused ? 'refused' : 'offline', { code: e.code, reason: e.reason })
      this.schedule(refused)
    }
  }

  schedule(refused) {
    const backoff = Math.min(this.maxDelayMs, this.minDelayMs * 2 ** this.attempt)
    this.attempt += 1
    const delay = refused ? this.refusedDelayMs : backoff / 2 + Math.random() * (backoff / 2)
    clearTimeout(this.timer)
    this.timer = setTimeout(() => this.open(), delay)
  }

  receive(ws, data) {
    if (this.ws !== ws) return
    let msg
    try {
      msg = JSON.parse(data)
    } catch {
      return
    }
    if (msg.type === 'snapshot') {
      this.seq = msg.seq
      this.attempt = 0
      this.o.onSnapshot(msg.snapshot, msg.seq)
      this.status('live')
    } else if (msg.type === 'resumed') {
      if (msg.seq !== this.seq) return this.resync() // not where we left off: start over
      this.attempt = 0
      this.status('live')
    } else if (msg.type === 'event') {
      if (this.seq === null || msg.seq <= this.seq) return // before the snapshot, or a duplicate
      if (msg.seq !== this.seq + 1) {
        // A gap: reconnect from the last seq we have; the server replays what we missed.
        ws.close(4000, 'gap')
        return
      }
      this.seq = msg.seq
      this.o.onEvent(msg.event)
    } else if (msg.type === 'forecast') {
      this.o.onForecast?.(msg) // no seq: never part of the gap check
    }
  }

  status(s, detail) {
    this.o.onStatus?.(s, detail)
  }
}
