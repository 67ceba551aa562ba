// startBridge: the firmware bridge for one or more halls, in this process. Used by main.ts (the
// bridge as its own process) and by the demo launcher (in-process, next to the core).
import pino, { type Logger } from 'pino'
import { credentialsFor } from '../../src/mqtt/credentials.ts'
import { DEFAULT_CLIP_DIR } from './audio/clips.ts'
import { HttpCoreApi, type CoreApi } from './core-api.ts'
import { HallBridge } from './hall-bridge.ts'
import type { RatingReport } from './hall-inputs.ts'
import type { Device } from './registry.ts'
import type { TicketPrintInput } from './render/ticket-print.ts'

export type { RatingReport, CoreApi }

export interface BridgeOptions {
  halls: string[]
  mqttUrl: string
  /** MQTT_DEVICE_SECRET: the bridge logs in as `bridge.{hall}` with the derived password. null/absent = no credentials. */
  secret?: string | null
  /** The core API; default HttpCoreApi(coreUrl, token). */
  api?: CoreApi
  coreUrl?: string
  /** The bridge's own core token (reads the hall document and snapshots). */
  token?: string
  /** Hall documents given directly (otherwise GET /api/v1/halls/{hall}). */
  documents?: Record<string, unknown>
  /** Core tokens of devices that send input (keypads, evaluators, kiosks), by `hall/deviceId` or deviceId. */
  deviceTokens?: Record<string, string>
  tokenFor?: (hall: string, device: Device) => string | undefined
  bridgeId?: string
  clipDir?: string
  /** Mobile ticket page for the QR code; default `${publicUrl}/mobile.html?hall={hall}&ticket={ticket}` (displays/). */
  ticketUrl?: (hall: string, ticket: string) => string
  publicUrl?: string
  log?: Logger
  ackTimeoutMs?: number
  retries?: number
  keepaliveSec?: number
  snapshotDebounceMs?: number
  onRating?: (r: RatingReport) => void
  now?: () => number
}

export interface Bridge {
  halls: Map<string, HallBridge>
  /** Prints a ticket on the printer of a kiosk (for tickets issued elsewhere, e.g. a web kiosk). */
  print(hall: string, kioskId: string, ticket: TicketPrintInput): Promise<string>
  /** Resolves when every hall has handled what it received and finished announcing. */
  idle(): Promise<void>
  stop(): Promise<void>
}

export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const log = opts.log ?? pino({ name: 'firmware-bridge' })
  const coreUrl = opts.coreUrl ?? 'http://127.0.0.1:3000'
  const api = opts.api ?? new HttpCoreApi(coreUrl, opts.token ?? '')
  const publicUrl = opts.publicUrl ?? coreUrl
  const ticketUrl =
    opts.ticketUrl ??
    ((hall: string, ticket: string) => `${publicUrl}/mobile.html?${new URLSearchParams({ hall, ticket }).toString()}`)
  const tokenFor =
    opts.tokenFor ?? ((hall: string, d: Device) => opts.deviceTokens?.[`${hall}/${d.id}`] ?? opts.deviceTokens?.[d.id])
  const halls = new Map<string, HallBridge>()
  try {
    for (const hall of opts.halls) {
      const hb = new HallBridge({
        hall,
        bridgeId: opts.bridgeId ?? 'bridge-1',
        mqttUrl: opts.mqttUrl,
        credentials: opts.secret ? credentialsFor(opts.secret, { kind: 'bridge', hall }) : null,
        api,
        document: opts.documents?.[hall],
        tokenFor: (d) => tokenFor(hall, d),
        clipDir: opts.clipDir ?? DEFAULT_CLIP_DIR,
        ticketUrl,
        log,
        ackTimeoutMs: opts.ackTimeoutMs ?? 2000,
        retries: opts.retries ?? 3,
        keepaliveSec: opts.keepaliveSec ?? 10,
        snapshotDebounceMs: opts.snapshotDebounceMs ?? 150,
        onRating: opts.onRating,
        now: opts.now ?? Date.now,
      })
      halls.set(hall, hb)
      await hb.start()
    }
  } catch (err) {
    for (const hb of halls.values()) await hb.stop().catch(() => {})
    throw err
  }
  log.info({ halls: opts.halls, mqtt: opts.mqttUrl }, 'firmware bridge started')
  return {
    halls,
    print: (hall, kioskId, ticket) => {
      const hb = halls.get(hall)
      if (!hb) return Promise.resolve('unknown_hall')
      return hb.outputs.print(kioskId, ticket)
    },
    idle: async () => {
      for (const hb of halls.values()) await hb.idle()
    },
    stop: async () => {
      for (const hb of halls.values()) await hb.stop()
    },
  }
}
