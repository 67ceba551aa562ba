// Where API tokens live. Only a hash of each secret is stored; the secret is shown once at creation.
import type { Role } from './principal.ts'

export interface TokenRecord {
  id: string // public id (shown in lists, audit logs)
  hash: string // sha256 of the secret, hex
  role: Role
  halls: string[] | '*'
  windows?: string[]
  device?: string
  label?: string
  createdAt: number
  expiresAt: number | null
  revokedAt: number | null
}

export interface TokenStore {
  put(record: TokenRecord): Promise<void>
  findByHash(hash: string): Promise<TokenRecord | null>
  get(id: string): Promise<TokenRecord | null>
  list(): Promise<TokenRecord[]>
  revoke(id: string, at: number): Promise<boolean>
  close(): Promise<void>
}
