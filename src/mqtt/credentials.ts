// Per-client MQTT credentials. A username says who the client is (and so which topics it owns);
// its password is an HMAC of the username under one deployment secret (MQTT_DEVICE_SECRET).
// The broker therefore needs no credential table: it recomputes the HMAC. gen-acl prints each
// device's password for provisioning and writes the equivalent Mosquitto password + ACL files.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { TOPIC_ID, isDeviceType, type DeviceType } from './topics.ts'

export type MqttIdentity =
  | { kind: 'core' }
  | { kind: 'bridge'; hall: string | '*' }
  | { kind: 'device'; hall: string; type: DeviceType; device: string }

/** `core`, `bridge` (every hall), `bridge.{hall}`, `dev.{hall}.{type}.{deviceId}`. */
export function usernameOf(id: MqttIdentity): string {
  if (id.kind === 'core') return 'core'
  if (id.kind === 'bridge') return id.hall === '*' ? 'bridge' : `bridge.${id.hall}`
  return `dev.${id.hall}.${id.type}.${id.device}`
}

export function parseUsername(username: string | undefined): MqttIdentity | null {
  if (!username) return null
  if (username === 'core') return { kind: 'core' }
  if (username === 'bridge') return { kind: 'bridge', hall: '*' }
  const parts = username.split('.')
  if (parts[0] === 'bridge' && parts.length === 2 && TOPIC_ID.test(parts[1]!))
    return { kind: 'bridge', hall: parts[1]! }
  if (parts[0] === 'dev' && parts.length === 4) {
    const [, hall, type, device] = parts as [string, string, string, string]
    if (TOPIC_ID.test(hall) && isDeviceType(type) && TOPIC_ID.test(device))
      return { kind: 'device', hall, type, device }
  }
  return null
}

export function passwordFor(secret: string, username: string): string {
  return createHmac('sha256', secret).update(`qms-mqtt:${username}`).digest('base64url').slice(0, 32)
}

export const credentialsFor = (secret: string, id: MqttIdentity): { username: string; password: string } => {
  const username = usernameOf(id)
  return { username, password: passwordFor(secret, username) }
}

export function checkPassword(secret: string, username: string, password: string | Buffer | undefined): boolean {
  if (password === undefined) return false
  const given = Buffer.from(password)
  const expected = Buffer.from(passwordFor(secret, username))
  return given.length === expected.length && timingSafeEqual(given, expected)
}
