// Child process: many live-channel WebSocket clients (boards, window displays, phones), as a
// browser would hold them. Asked over IPC to connect a list of URLs, to reset and to report:
// messages received and the delivery latency of each event (arrival − the event's `at`, which the
// core stamped when it ran the operation; both clocks are this machine's).
import { WebSocket } from 'ws'
import { maxOf, percentile } from '../lib/stats.ts'
import { serveChild } from '../lib/procs.ts'

interface Connect {
  type: 'connect'
  urls: string[]
  /** Connections opened at once (a burst of phones at opening time is still paced by TCP). */
  concurrency?: number
}

const sockets: WebSocket[] = []
const dropped = new WeakSet<WebSocket>() // closed by us: not counted as closed early
let messages = 0
let latencies: number[] = []
let closedEarly = 0
let failed = 0

function open(url: string): Promise<void> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url)
    let first = true
    ws.on('message', (data) => {
      messages++
      const m = JSON.parse(data.toString()) as { type: string; event?: { at: number } }
      if (m.type === 'event' && m.event) latencies.push(Date.now() - m.event.at)
      if (first) {
        first = false
        resolve() // connected and got its snapshot
      }
    })
    ws.on('close', () => {
      if (first) {
        failed++
        resolve()
      } else if (!dropped.has(ws)) closedEarly++
    })
    ws.on('error', () => {})
    sockets.push(ws)
  })
}

async function connect(m: Connect): Promise<{ connected: number; failed: number }> {
  const before = failed
  let next = 0
  const width = m.concurrency ?? 50
  await Promise.all(
    Array.from({ length: Math.min(width, m.urls.length) }, async () => {
      for (let i = next++; i < m.urls.length; i = next++) await open(m.urls[i]!)
    }),
  )
  return { connected: m.urls.length - (failed - before), failed: failed - before }
}

process.on('message', (m: { type: string }) => {
  if (m.type === 'connect') {
    void connect(m as Connect).then((r) => process.send?.({ type: 'connected', ...r }))
  } else if (m.type === 'disconnect') {
    for (const s of sockets.splice(0)) {
      dropped.add(s)
      s.terminate()
    }
    closedEarly = 0
    process.send?.({ type: 'disconnected' })
  } else if (m.type === 'reset') {
    messages = 0
    latencies = []
    process.send?.({ type: 'reset-done' })
  } else if (m.type === 'report') {
    process.send?.({
      type: 'report',
      messages,
      events: latencies.length,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: maxOf(latencies),
      open: sockets.filter((s) => s.readyState === WebSocket.OPEN).length,
      closedEarly,
    })
  }
})

serveChild({}, async () => {
  for (const s of sockets) s.terminate()
})
