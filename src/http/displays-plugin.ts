// Serves the web faces (displays/: hall board, window display, kiosk, clerk console, manager view,
// mobile ticket page, evaluator) as static files under `/`, plus the one browser module they need
// from node_modules (the QR code generator). No build step: the files are served as they are.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

export const DISPLAYS_ROOT = fileURLToPath(new URL('../../displays/', import.meta.url))

export interface DisplaysOptions {
  /** Folder to serve (default: the repository's displays/). */
  root?: string
}

/**
 * Pages load scripts, styles and locale files from the core only, and talk only to it (REST and
 * the live WebSocket). Tokens travel in page addresses, so no Referer ever carries them away.
 */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
}

const QR_MODULE_URL = '/vendor/qrcode-generator.mjs'

async function qrModulePath(): Promise<string> {
  const require = createRequire(import.meta.url)
  return join(dirname(require.resolve('qrcode-generator')), 'qrcode.mjs')
}

async function displays(app: FastifyInstance, opts: DisplaysOptions): Promise<void> {
  await app.register(fastifyStatic, {
    root: opts.root ?? DISPLAYS_ROOT,
    prefix: '/',
    // One route per file (found at start): unknown paths fall through to the app's JSON 404,
    // and nothing under /api can be shadowed by a file.
    wildcard: false,
    index: ['index.html'],
    decorateReply: false,
    // Displays run for weeks: always revalidate (ETag) so a deploy reaches them on their next load.
    maxAge: 0,
    setHeaders: (res) => {
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v)
    },
  })

  // The QR generator (qrcode-generator, MIT) as its own ES module build, straight from the package.
  const qrSource = await readFile(await qrModulePath(), 'utf8')
  app.get(QR_MODULE_URL, { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=86400')
      .headers(SECURITY_HEADERS)
      .send(qrSource),
  )
}

export const displaysPlugin = fp(displays, { name: 'qms-displays', fastify: '5.x' })
