// Turns what a kiosk or phone passes (an ID-card number, a phone number) into what the system
// may keep: a keyed hash (HMAC-SHA256 with IDENTITY_KEY) to match the same person again, and a
// masked form for staff. The raw value lives only in the request being handled.
import { createHmac } from 'node:crypto'
import { QmsError } from '../domain/errors.ts'
import type { PersonRef } from '../store/port.ts'
import { birthDateOf, maskIdCard, normalizeIdCard } from './id-card.ts'
import { identityKeyFromEnv } from './identity-key.ts'
import { maskPhone, normalizePhone } from './phone.ts'
import { Sealer } from './sealer.ts'

export interface IdentityInput {
  idCard?: string | undefined
  phone?: string | undefined
}

export interface PersonIdentity extends PersonRef {
  kind: 'idcard' | 'phone'
  /** From the ID card (for the green channel's age rule); null for a phone. */
  birthDate: string | null
}

export class IdentityService {
  readonly sealer: Sealer

  constructor(private readonly secret: Buffer) {
    this.sealer = new Sealer(secret)
  }

  static fromEnv(env: Record<string, string | undefined> = process.env, warn?: (msg: string) => void): IdentityService {
    return new IdentityService(identityKeyFromEnv(env, warn).key)
  }

  /** The keyed hash of a normalized value; the kind is part of the input so an ID and a phone never collide. */
  hash(kind: PersonIdentity['kind'], normalized: string): string {
    return createHmac('sha256', this.secret).update(`${kind}:${normalized}`).digest('base64url')
  }

  /**
   * The person behind `input`: the ID card when given (it identifies a person for certain), else
   * the phone. Null when neither is given. A malformed value is QMS_ERR_IDENTITY_INVALID; the
   * message never repeats it (it would end up in logs).
   */
  resolve(input: IdentityInput | undefined): PersonIdentity | null {
    if (!input) return null
    const phone = input.phone === undefined ? null : normalizePhone(input.phone)
    if (input.phone !== undefined && phone === null) {
      throw new QmsError(
        'QMS_ERR_IDENTITY_INVALID',
        '手机号码格式不正确 / the phone number is not a valid mobile number',
      )
    }
    if (input.idCard !== undefined) {
      const id = normalizeIdCard(input.idCard)
      if (id === null) {
        throw new QmsError('QMS_ERR_IDENTITY_INVALID', '身份证号码无效 / the ID-card number is not valid')
      }
      return { kind: 'idcard', key: this.hash('idcard', id), mask: maskIdCard(id), birthDate: birthDateOf(id) }
    }
    if (phone !== null)
      return { kind: 'phone', key: this.hash('phone', phone), mask: maskPhone(phone), birthDate: null }
    return null
  }
}
