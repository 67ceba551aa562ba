// Bearer token → Principal. Secrets are never stored: tokens are looked up by sha256(secret).
import { createHash, timingSafeEqual } from 'node:crypto'
import type { Principal } from './principal.ts'
import type { TokenStore } from './token-store.ts'

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex')

/** Extracts the token from `Authorization: Bearer <token>`; null when absent or malformed. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null
  const m = /^Bearer\s+([A-Za-z0-9._~+/=-]{8,256})$/.exec(header.trim())
  return m ? m[1]! : null
}

// The admin secret's hash, kept: every request compares against it (one sha256 per request, not three).
let adminHash: { secret: string; hash: Buffer } | null = null
const adminHashOf = (secret: string): Buffer => {
  if (adminHash?.secret !== secret) adminHash = { secret, hash: Buffer.from(hashSecret(secret)) }
  return adminHash.hash
}

export async function resolvePrincipal(
  tokens: TokenStore,
  adminToken: string | undefined,
  secret: string | null,
  now: number = Date.now(),
): Promise<Principal | null> {
  if (!secret) return null
  const hash = hashSecret(secret)
  if (adminToken && timingSafeEqual(Buffer.from(hash), adminHashOf(adminToken))) {
    return { tokenId: 'admin-env', role: 'admin', halls: '*' }
  }
  const record = await tokens.findByHash(hash)
  if (!record || record.revokedAt !== null) return null
  if (record.expiresAt !== null && record.expiresAt <= now) return null
  const principal: Principal = { tokenId: record.id, role: record.role, halls: record.halls }
  if (record.windows) principal.windows = record.windows
  if (record.device) principal.device = record.device
  return principal
}
