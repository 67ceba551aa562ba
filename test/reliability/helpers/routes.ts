// The server's own list of routes: Fastify's route tree (printRoutes with no common prefix),
// flattened to `METHOD /path/:param` for everything under /api/v1 (HEAD is implied by GET).
import type { FastifyInstance } from 'fastify'

export function apiRoutes(app: FastifyInstance): string[] {
  const out: string[] = []
  const stack: string[] = []
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)(?:├── |└── )?(.+?)(?: \(([A-Z, ]+)\))?$/u.exec(line)
    if (!m || m[2] === undefined || m[2].trim() === '') continue
    const depth = [...m[1]!].length / 4 + (line.includes('── ') ? 1 : 0)
    stack.length = depth
    stack[depth - 1] = m[2]
    const path = stack.join('')
    for (const method of (m[3] ?? '').split(',').map((s) => s.trim()))
      if (method && method !== 'HEAD' && path.startsWith('/api/v1/')) out.push(`${method} ${path}`)
  }
  return [...new Set(out)].sort()
}
