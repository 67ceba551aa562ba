// Unguessable identifiers. A ticket id is the citizen's only credential for reading its status,
// so it carries 128 random bits (base64url, 22 characters).
import { randomBytes, randomFillSync } from 'node:crypto'

// Filling a buffer from the CSPRNG is a system call; one call per ticket was measurable on the
// issue path (docs/performance.md), so ids are cut from a pool refilled every 256 tickets (as
// Node's own randomUUID does). Each byte is used once.
const POOL_SIZE = 16 * 256
const pool = Buffer.alloc(POOL_SIZE)
let poolOffset = POOL_SIZE

export const newTicketId = (): string => {
  if (poolOffset === POOL_SIZE) {
    randomFillSync(pool)
    poolOffset = 0
  }
  const id = pool.toString('base64url', poolOffset, poolOffset + 16)
  poolOffset += 16
  return id
}

/** Public token id: shown in lists and logs, useless without the secret. */
export const newTokenId = (): string => `tok_${randomBytes(9).toString('base64url')}`

/** Token secret: 256 random bits; only its sha256 is stored. */
export const newTokenSecret = (): string => `qms_${randomBytes(32).toString('base64url')}`
