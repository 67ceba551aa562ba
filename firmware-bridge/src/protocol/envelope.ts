// Message envelopes on the device topic tree. Every message carries an `id` (short, random);
// every command also carries `exp` (epoch seconds) after which a device must drop it; acks carry
// `ref` = the command id. Payloads bound for microcontrollers stay under MCU_PAYLOAD_MAX bytes.
import { randomBytes } from 'node:crypto'

/** Largest JSON payload sent to (or accepted from) a microcontroller-class device. */
export const MCU_PAYLOAD_MAX = 255

export const newMessageId = (): string => randomBytes(6).toString('base64url') // 8 chars

export const epochSec = (ms: number): number => Math.floor(ms / 1000)

export type Json = Record<string, unknown>

export interface CommandEnvelope extends Json {
  id: string
  exp: number
}

export function command(body: Json, now: number, ttlMs: number, id: string = newMessageId()): CommandEnvelope {
  return { id, exp: epochSec(now + ttlMs), ...body }
}

export const byteLength = (payload: Json): number => Buffer.byteLength(JSON.stringify(payload))

export type Parsed = { ok: true; value: Json } | { ok: false; reason: string }

/** Parses a device payload: size first (before JSON.parse ever sees it), then an object with an id. */
export function parseDevicePayload(buf: Buffer, maxBytes: number = MCU_PAYLOAD_MAX): Parsed {
  if (buf.length > maxBytes) return { ok: false, reason: `payload of ${buf.length} bytes exceeds ${maxBytes}` }
  let value: unknown
  try {
    value = JSON.parse(buf.toString('utf8'))
  } catch {
    return { ok: false, reason: 'payload is not JSON' }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, reason: 'payload is not a JSON object' }
  const id = (value as Json).id
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,32}$/.test(id))
    return { ok: false, reason: 'payload has no valid id' }
  return { ok: true, value: value as Json }
}
