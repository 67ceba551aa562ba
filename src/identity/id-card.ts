// Resident ID-card numbers (居民身份证号码, GB 11643-1999): 18 characters, the last a check
// character (0-9 or X) over the first 17 with ISO 7064 MOD 11-2. Digits 7–14 are the birth date.
// Nothing here logs or echoes a number: callers get booleans, masks and dates.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

/** Upper-cased, spaces removed; null unless it is a well-formed 18-character number with a valid
 *  check character and a real birth date. */
export function normalizeIdCard(raw: string): string | null {
  const v = raw.replace(/\s+/g, '').toUpperCase()
  if (!/^\d{17}[\dX]$/.test(v)) return null
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(v[i]) * WEIGHTS[i]!
  if (CHECK[sum % 11] !== v[17]) return null
  return birthDateOf(v) === null ? null : v
}

/** `YYYY-MM-DD` from digits 7–14, or null when that is not a real date. */
export function birthDateOf(idCard: string): string | null {
  const m = /^\d{6}(\d{4})(\d{2})(\d{2})/.exec(idCard)
  if (!m) return null
  const date = `${m[1]}-${m[2]}-${m[3]}`
  const d = new Date(`${date}T00:00:00Z`)
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date ? null : date
}

/** Whole years from `birth` to `on` (both `YYYY-MM-DD`): the age on that day. */
export function ageOn(birth: string, on: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number]
  const [y, m, d] = on.split('-').map(Number) as [number, number, number]
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0)
}

/** `4403**********1234`: region prefix and last four, the rest (birth date included) hidden. */
export const maskIdCard = (idCard: string): string =>
  `${idCard.slice(0, 4)}${'*'.repeat(idCard.length - 8)}${idCard.slice(-4)}`
