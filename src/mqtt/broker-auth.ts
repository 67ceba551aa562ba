// The embedded broker's security hooks (aedes `authenticate`, `authorizePublish`,
// `authorizeSubscribe`), built on the shared rules in acl.ts and credentials.ts.
import type { AuthenticateError, Client, PublishPacket, Subscription } from 'aedes'
import type { Logger } from 'pino'
import { canPublish, canSubscribe } from './acl.ts'
import { checkPassword, parseUsername, type MqttIdentity } from './credentials.ts'
import { DEVICE_PUBLISH_RATE, RateGate } from './rate-gate.ts'

export interface BrokerHooks {
  authenticate(
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
    done: (error: AuthenticateError | null, success: boolean | null) => void,
  ): void
  authorizePublish(client: Client | null, packet: PublishPacket, done: (error?: Error | null) => void): void
  authorizeSubscribe(
    client: Client,
    sub: Subscription,
    done: (error: Error | null, sub?: Subscription | null) => void,
  ): void
  identityOf(client: Client): MqttIdentity | undefined
}

/** MQTT CONNACK return code 4 "bad user name or password" (MQTT-3.2.2.3). */
const BAD_CREDENTIALS = 4

export function brokerHooks(secret: string, log?: Logger): BrokerHooks {
  const identities = new WeakMap<Client, MqttIdentity>()
  // Per device identity (bounded by the devices that hold credentials), so reconnecting does not
  // refill the bucket: a flooder that comes back is cut off again at its first publish over the rate.
  const publishGate = new RateGate(DEVICE_PUBLISH_RATE)
  return {
    identityOf: (client) => identities.get(client),
    authenticate(client, username, password, done) {
      const id = parseUsername(username)
      if (!id || !username || !checkPassword(secret, username, password)) {
        log?.warn({ clientId: client.id, username }, 'mqtt connect refused: bad credentials')
        const err = Object.assign(new Error('bad username or password'), {
          returnCode: BAD_CREDENTIALS,
        }) as AuthenticateError
        done(err, false)
        return
      }
      identities.set(client, id)
      done(null, true)
    },
    authorizePublish(client, packet, done) {
      if (client === null) return done(null) // the broker's own messages ($SYS)
      const id = identities.get(client)
      if (id && canPublish(id, packet.topic)) {
        // The last will (status offline) of a device being cut off must still go out: the hall
        // sees it leave. aedes hands it over as the client's own `will` packet.
        if (id.kind !== 'device' || packet === (client as { will?: unknown }).will) return done(null)
        const gate = publishGate.take(`${id.hall}/${id.type}/${id.device}`, Date.now())
        if (gate.ok) return done(null)
        log?.warn({ clientId: client.id, device: id.device, hall: id.hall }, 'mqtt device cut off: publishing too fast')
        // A refused publish makes aedes close the connection: the flood stops here.
        return done(new Error('publishing too fast'))
      }
      log?.warn({ clientId: client.id, topic: packet.topic }, 'mqtt publish refused by ACL')
      done(new Error(`publish to ${packet.topic} not allowed`))
    },
    authorizeSubscribe(client, sub, done) {
      const id = identities.get(client)
      if (id && canSubscribe(id, sub.topic)) return done(null, sub)
      log?.warn({ clientId: client.id, topic: sub.topic }, 'mqtt subscribe refused by ACL')
      // A null subscription makes aedes answer SUBACK 0x80 (failure) for this filter (MQTT-3.9.3).
      done(null, null)
    },
  }
}
