// Booking codes: 10 characters from 32 unambiguous ones (no 0/O, 1/I): 50 random bits. The code
// is the citizen's credential to see, change or cancel a booking and to check in by scanning.
import { randomBytes } from 'node:crypto'

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
export const CODE_LENGTH = 10
export const CODE_PATTERN = '^[A-Za-z0-9]{10}$'

export function newBookingCode(): string {
  const bytes = randomBytes(CODE_LENGTH)
  let code = ''
  for (const b of bytes) code += ALPHABET[b & 31]
  return code
}

/** Codes are typed by people: accept lower case. */
export const normalizeCode = (code: string): string => code.trim().toUpperCase()
