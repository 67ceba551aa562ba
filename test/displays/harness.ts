// The real core (buildApp + MemoryQueueStore + the displays plugin) on a real port, a hall set up
// through the API with real tokens, and headless Chromium (Debian's, never a downloaded one).
import { existsSync } from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import type { FastifyInstance } from 'fastify'
import { chromium, type Browser, type Page } from 'playwright-core'
import type { Test } from 'tap'
import { buildApp, type AppOptions } from '../../src/app.ts'
import { MemoryTokenStore } from '../../src/auth/memory-token-store.ts'
import type { TokenStore } from '../../src/auth/token-store.ts'
import { displaysPlugin } from '../../src/http/displays-plugin.ts'
import type { QueueStore } from '../../src/store/port.ts'
import { MemoryQueueStore } from '../../src/store/memory/memory-store.ts'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url)
export const ADMIN = 'admin-secret-for-display-tests'
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
]

export interface Core {
  app: FastifyInstance
  url: string
  port: number
  store: QueueStore
  tokens: TokenStore
  close(): Promise<void>
}

/** The core on 127.0.0.1 (`port` 0: any free port); `store`/`tokens` reused to "restart" it;
 *  `apiPlugins`, `identity` and `now` as in buildApp (appointment and notify routes, a clock). */
export async function startCore(
  o: { port?: number; store?: QueueStore; tokens?: TokenStore } & Pick<
    AppOptions,
    'apiPlugins' | 'identity' | 'now'
  > = {},
): Promise<Core> {
  const store = o.store ?? new MemoryQueueStore()
  const tokens = o.tokens ?? new MemoryTokenStore()
  const app = await buildApp({
    store,
    tokens,
    adminToken: ADMIN,
    extraPlugins: [async (a) => void (await a.register(displaysPlugin))],
    ...(o.apiPlugins && { apiPlugins: o.apiPlugins }),
    ...(o.identity && { identity: o.identity }),
    ...(o.now && { now: o.now }),
  })
  await app.listen({ host: '127.0.0.1', port: o.port ?? 0 })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return { app, url: `http://127.0.0.1:${port}`, port, store, tokens, close: () => app.close() }
}

/** Chromium, or null (with a comment) when it is not installed; under CI its absence fails. */
export async function launchBrowser(t: Test): Promise<Browser | null> {
  if (!existsSync(CHROMIUM)) {
    const msg = `Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`
    if (process.env.CI) throw new Error(msg)
    t.comment(`${msg}: browser tests skipped`)
    return null
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
  t.teardown(() => browser.close())
  return browser
}

/** A page of the given size that fails the test on any uncaught page error. */
export async function openPage(t: Test, browser: Browser, width: number, height: number): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width, height },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
  const page = await context.newPage()
  page.on('pageerror', (err) => t.fail(`page error: ${err.message}`))
  t.teardown(() => context.close())
  return page
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true })
  await page.screenshot({ path: new URL(`${name}.png`, ARTIFACTS).pathname })
}

/** A JSON answer; the tests check it field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type Json = any

export async function api(
  core: Core,
  method: string,
  path: string,
  body?: unknown,
  token = ADMIN,
): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${core.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

export const randomHall = (): string => `disp-${Math.random().toString(36).slice(2, 10)}`

/** The demo hall, open all day every day (tests run at any hour), with `tweak` applied. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON document the tests edit freely
export async function demoHall(tweak: (doc: any) => void = () => {}): Promise<any> {
  const doc = JSON.parse(await readFile(new URL('../../config/demo-hall.json', import.meta.url), 'utf8'))
  delete doc.hours
  tweak(doc)
  return doc
}

export interface HallTokens {
  display: string
  manager: string
  kiosk: string
  clerk: (windows: string[]) => Promise<string>
}

/** PUTs the hall and mints a display, a manager and a kiosk (device) token for it. */
export async function setUpHall(core: Core, hall: string, doc: unknown): Promise<HallTokens> {
  const put = await api(core, 'PUT', `/halls/${hall}`, doc)
  if (put.status !== 201) throw new Error(`PUT hall: ${put.status} ${JSON.stringify(put.body)}`)
  const mint = async (grant: object): Promise<string> => {
    const r = await api(core, 'POST', '/tokens', { hall, ...grant })
    if (r.status !== 201) throw new Error(`token: ${r.status} ${JSON.stringify(r.body)}`)
    return r.body.secret
  }
  return {
    display: await mint({ role: 'display' }),
    manager: await mint({ role: 'manager' }),
    kiosk: await mint({ role: 'device', device: 'kiosk-1' }),
    clerk: (windows) => mint({ role: 'clerk', windows }),
  }
}

/** Just enough of the page's globals for predicates (Node's types have no DOM). */
type PageGlobals = { document: { querySelector(selector: string): { textContent: string | null } | null } }

/**
 * Waits until the text of `selector` equals `want` (string) or matches it (RegExp). A function,
 * not a string: the pages' CSP forbids eval, which string predicates would need.
 */
export function waitForText(page: Page, selector: string, want: string | RegExp, timeout = 10000): Promise<unknown> {
  const arg = { selector, source: typeof want === 'string' ? want : want.source, exact: typeof want === 'string' }
  return page.waitForFunction(
    (a) => {
      const text = (globalThis as unknown as PageGlobals).document.querySelector(a.selector)?.textContent ?? ''
      return a.exact ? text === a.source : new RegExp(a.source).test(text)
    },
    arg,
    { timeout },
  )
}

/** Moves the focus out of a form field, so single-key shortcuts apply again. */
export const blur = (page: Page): Promise<unknown> => page.evaluate('document.activeElement?.blur()')
