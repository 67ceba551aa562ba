// The secret behind every identity hash (IDENTITY_KEY). All core instances of a deployment must
// share it: bookings, one-ticket-per-person and no-show records match on the hash. Without it a
// development process makes a random key and says so; production refuses to start.
import { randomBytes } from 'node:crypto'

export const MIN_KEY_BYTES = 32

export interface IdentityKey {
  key: Buffer
  generated: boolean
}

export function identityKeyFromEnv(
  env: Record<string, string | undefined>,
  warn: (msg: string) => void = (m) => process.emitWarning(m),
): IdentityKey {
  const raw = env.IDENTITY_KEY
  if (raw !== undefined && raw !== '') {
    const key = Buffer.from(raw, 'utf8')
    if (key.length < MIN_KEY_BYTES) throw new Error(`IDENTITY_KEY must be at least ${MIN_KEY_BYTES} bytes`)
    return { key, generated: false }
  }
  if (env.NODE_ENV === 'production') throw new Error('IDENTITY_KEY is required in production')
  warn(
    'IDENTITY_KEY is not set: a random identity key was generated for this process. Identity hashes ' +
      '(one ticket per person, bookings, no-show records) will not match across restarts or instances.',
  )
  return { key: randomBytes(MIN_KEY_BYTES), generated: true }
}
