// The demo hall for `npm start`: 福田区市民中心 from config/demo-hall.json, its windows open, a
// token for every role and device, and a few waiting tickets so every page has something to show.
import { readFile } from 'node:fs/promises'
import type { FastifyInstance } from 'fastify'
import { hashSecret } from '../auth/authenticate.ts'
import type { Role } from '../auth/principal.ts'
import type { TokenStore } from '../auth/token-store.ts'
import { newTokenId, newTokenSecret } from '../core/ids.ts'

export const DEMO_HALL = 'demo'

interface DemoDevice {
  id: string
  type: string
  window?: string
}
interface DemoDocument {
  windows: { id: string }[]
  services: { id: string }[]
  devices?: DemoDevice[]
  hours?: unknown
}

export interface DemoHall {
  hall: string
  document: DemoDocument
  tokens: { display: string; manager: string; clerk: string; kiosk: string }
  deviceTokens: Record<string, string>
}

async function mint(
  tokens: TokenStore,
  role: Role,
  hall: string,
  label: string,
  windows?: string[],
  device?: string,
): Promise<string> {
  const secret = newTokenSecret()
  await tokens.put({
    id: newTokenId(),
    hash: hashSecret(secret),
    role,
    halls: [hall],
    ...(windows && { windows }),
    ...(device && { device }),
    label,
    createdAt: Date.now(),
    expiresAt: null,
    revokedAt: null,
  })
  return secret
}

/** Configures the demo hall if it is not there yet (or DEMO_RESET=1), opens its windows and mints tokens. */
export async function setupDemoHall(
  app: FastifyInstance,
  adminToken: string,
  env: Record<string, string | undefined>,
): Promise<DemoHall> {
  const hall = DEMO_HALL
  const file = JSON.parse(
    await readFile(new URL('../../config/demo-hall.json', import.meta.url), 'utf8'),
  ) as DemoDocument
  // The real hall keeps office hours; the demo is tried at any hour, so it ignores them unless asked.
  const document: DemoDocument = env.DEMO_REAL_HOURS === '1' ? file : { ...file, hours: undefined }
  const auth = { authorization: `Bearer ${adminToken}` }
  const existing = await app.store.getHall(hall)
  if (!existing || env.DEMO_RESET === '1') {
    const put = await app.inject({
      method: 'PUT',
      url: `/api/v1/halls/${hall}`,
      headers: auth,
      payload: JSON.parse(JSON.stringify(document)),
    })
    if (put.statusCode >= 300) throw new Error(`demo hall rejected: ${put.body}`)
  }
  const windows = document.windows.map((w) => w.id)
  for (const w of windows.filter((id) => id !== '7')) {
    await app.inject({ method: 'POST', url: `/api/v1/halls/${hall}/windows/${w}/open`, headers: auth })
  }
  const snapshot = await app.store.snapshot(hall, { now: Date.now() })
  if (snapshot.services.every((s) => s.waiting === 0)) {
    const services = document.services.map((s) => s.id)
    for (let i = 0; i < 12; i++) {
      const service = services[i % services.length]!
      await app.inject({ method: 'POST', url: `/api/v1/halls/${hall}/tickets`, headers: auth, payload: { service } })
    }
  }
  const deviceTokens: Record<string, string> = {}
  for (const d of document.devices ?? []) {
    if (d.type === 'keypad' || d.type === 'evaluator' || d.type === 'kiosk') {
      deviceTokens[d.id] = await mint(
        app.tokens,
        'device',
        hall,
        `demo ${d.id}`,
        d.window ? [d.window] : undefined,
        d.id,
      )
    }
  }
  return {
    hall,
    document,
    deviceTokens,
    tokens: {
      display: await mint(app.tokens, 'display', hall, 'demo board and bridge'),
      manager: await mint(app.tokens, 'manager', hall, 'demo manager'),
      clerk: await mint(app.tokens, 'clerk', hall, 'demo clerk', windows),
      kiosk: deviceTokens['kiosk-1'] ?? (await mint(app.tokens, 'device', hall, 'demo kiosk', undefined, 'kiosk-1')),
    },
  }
}

/** The page addresses a person opens, with their tokens. */
export function demoUrls(base: string, demo: DemoHall): [string, string][] {
  const q = (params: Record<string, string>): string => new URLSearchParams({ hall: demo.hall, ...params }).toString()
  const t = demo.tokens
  return [
    ['大厅叫号屏 Hall board', `${base}/board.html?${q({ token: t.display })}`],
    ['取号机 Kiosk', `${base}/kiosk.html?${q({ token: t.kiosk })}`],
    ['窗口工作台 Clerk console (window 3)', `${base}/clerk.html?${q({ window: '3', token: t.clerk })}`],
    ['窗口屏 Window display (3)', `${base}/window.html?${q({ window: '3', token: t.display })}`],
    ['管理看板 Manager view', `${base}/manager.html?${q({ token: t.manager })}`],
    [
      '评价器 Evaluator (window 3)',
      `${base}/evaluator.html?${q({ window: '3', token: demo.deviceTokens['evaluator-3'] ?? t.display })}`,
    ],
    ['所有页面 All pages', `${base}/?${q({ token: t.manager })}`],
    ['API docs (OpenAPI)', `${base}/docs`],
  ]
}
