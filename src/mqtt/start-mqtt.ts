// Wires the core's MQTT side: a broker (MQTT_URL, else the embedded aedes broker) and the event
// publisher connected to it as the `core` client. The lead's launcher calls startCoreMqtt once.
import { randomBytes } from 'node:crypto'
import mqtt, { type MqttClient } from 'mqtt'
import type { Logger } from 'pino'
import type { QueueStore } from '../store/port.ts'
import { credentialsFor } from './credentials.ts'
import { disableNagle } from './no-delay.ts'
import { startEmbeddedBroker, type EmbeddedBroker } from './embedded-broker.ts'
import { startEventPublisher, type EventPublisher } from './event-publisher.ts'

export interface CoreMqttOptions {
  store: QueueStore
  log?: Logger
  /** Broker to use; default process.env.MQTT_URL; absent = start the embedded broker. */
  url?: string
  /** Deployment secret for per-client credentials; default MQTT_DEVICE_SECRET, else random (embedded only). */
  secret?: string
  /** Embedded broker port (default MQTT_PORT, else 1884, else ephemeral). */
  port?: number
  rescanMs?: number
}

export interface CoreMqtt {
  url: string
  /** The secret the embedded broker checks; hand it to the bridge and the simulator. */
  secret: string
  broker: EmbeddedBroker | null
  client: MqttClient
  publisher: EventPublisher
  close(): Promise<void>
}

export async function startCoreMqtt(opts: CoreMqttOptions): Promise<CoreMqtt> {
  const secret = opts.secret ?? process.env.MQTT_DEVICE_SECRET ?? randomBytes(24).toString('base64url')
  const external = opts.url ?? process.env.MQTT_URL
  const broker = external ? null : await startEmbeddedBroker({ secret, port: opts.port, log: opts.log })
  const url = external ?? broker!.url
  const client = await mqtt.connectAsync(url, {
    ...credentialsFor(secret, { kind: 'core' }),
    clientId: `qms-core-${randomBytes(4).toString('hex')}`,
    protocolVersion: 4,
    reconnectPeriod: 2000,
  })
  disableNagle(client)
  client.on('error', (err) => opts.log?.warn({ err }, 'mqtt core client error'))
  const publisher = await startEventPublisher({
    store: opts.store,
    mqtt: client,
    log: opts.log,
    rescanMs: opts.rescanMs,
  })
  return {
    url,
    secret,
    broker,
    client,
    publisher,
    close: async () => {
      await publisher.close()
      await client.endAsync()
      await broker?.close()
    },
  }
}
