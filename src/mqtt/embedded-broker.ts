// The in-process MQTT broker (aedes 1.x, MQTT 3.1.1) used when MQTT_URL is not set.
// Port: the `port` option, else MQTT_PORT, else 1884 — falling back to an ephemeral port when
// 1884 is taken (1883 is never assumed free: a local Mosquitto usually holds it).
import { createServer, type Server } from 'node:net'
import { Aedes } from 'aedes'
import type { Logger } from 'pino'
import { brokerHooks, type BrokerHooks } from './broker-auth.ts'

export const DEFAULT_EMBEDDED_PORT = 1884

export interface EmbeddedBrokerOptions {
  /** 0 = ephemeral. Default: MQTT_PORT, else 1884 (ephemeral if busy). */
  port?: number
  host?: string // default 127.0.0.1
  /** Deployment secret for per-client credentials; null = anonymous broker without ACL (tests only). */
  secret: string | null
  log?: Logger
}

export interface EmbeddedBroker {
  url: string // mqtt://host:port
  port: number
  broker: Aedes
  hooks: BrokerHooks | null
  close(): Promise<void>
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err)
    server.once('error', onError)
    server.listen(port, host, () => {
      server.off('error', onError)
      const addr = server.address()
      resolve(typeof addr === 'object' && addr ? addr.port : port)
    })
  })
}

export async function startEmbeddedBroker(opts: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const host = opts.host ?? '127.0.0.1'
  const hooks = opts.secret === null ? null : brokerHooks(opts.secret, opts.log)
  const broker = await Aedes.createBroker(
    hooks
      ? {
          authenticate: hooks.authenticate,
          authorizePublish: hooks.authorizePublish,
          authorizeSubscribe: hooks.authorizeSubscribe,
        }
      : {},
  )
  // No Nagle on the broker's side either (see no-delay.ts): deliveries go out as they are written.
  const server = createServer({ noDelay: true }, broker.handle)
  const envPort = process.env.MQTT_PORT ? Number(process.env.MQTT_PORT) : undefined
  const wanted = opts.port ?? envPort
  let port: number
  try {
    port = await listen(server, wanted ?? DEFAULT_EMBEDDED_PORT, host)
  } catch (err) {
    if (wanted !== undefined || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err
    port = await listen(server, 0, host)
  }
  opts.log?.info({ port, host, acl: hooks !== null }, 'embedded MQTT broker listening')
  return {
    url: `mqtt://${host}:${port}`,
    port,
    broker,
    hooks,
    close: () =>
      new Promise<void>((resolve) => {
        broker.close(() => server.close(() => resolve()))
      }),
  }
}
