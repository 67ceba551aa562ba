// Authenticated encryption (AES-256-GCM) for the few personal values that must be readable again
// later, such as a notification address an SMS gateway needs. The key is derived from
// IDENTITY_KEY (HKDF), so a leaked Redis dump or database row shows nothing readable.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

const IV_BYTES = 12
const TAG_BYTES = 16

export class Sealer {
  private readonly key: Buffer

  constructor(secret: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'qms-sealed-v1', 32))
  }

  /** `v1.<base64url(iv | tag | ciphertext)>` */
  seal(plain: string): string {
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`
  }

  /** The plain text, or null when the value was not sealed with this key (or was tampered with). */
  open(sealed: string): string | null {
    if (!sealed.startsWith('v1.')) return null
    const raw = Buffer.from(sealed.slice(3), 'base64url')
    if (raw.length < IV_BYTES + TAG_BYTES) return null
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES))
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
    } catch {
      return null
    }
  }
}
