// A local HTTP server standing in for an SMS/WeChat gateway: records every request, answers with
// the status the test chooses (a queue of statuses, then 200).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Test } from 'tap'

export interface Received {
  headers: IncomingHttpHeaders
  body: string
  json: Record<string, unknown>
}

export interface Gateway {
  url: string
  received: Received[]
  /** Statuses for the next requests (then 200); 'hang' never answers. */
  answers: (number | 'hang')[]
  /** Waits until `n` requests arrived (fails the test after 5 s). */
  waitFor(n: number): Promise<Received[]>
}

export async function startGateway(t: Test): Promise<Gateway> {
  const received: Received[] = []
  const answers: (number | 'hang')[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      received.push({ headers: req.headers, body, json: JSON.parse(body) as Record<string, unknown> })
      const answer = answers.shift() ?? 200
      if (answer === 'hang') return
      res.writeHead(answer, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  )
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/notify`,
    received,
    answers,
    waitFor: async (n) => {
      const until = Date.now() + 5000
      while (received.length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 10))
      if (received.length < n) t.fail(`expected ${n} gateway requests, got ${received.length}`)
      return received
    },
  }
}
