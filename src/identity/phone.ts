// Mainland mobile numbers: 11 digits starting 13–19, optionally written with +86 / 0086 and
// spaces or dashes. Landlines are not accepted (they do not identify a person).

/** The 11 digits, or null when it is not a mainland mobile number. */
export function normalizePhone(raw: string): string | null {
  let v = raw.replace(/[\s-]+/g, '')
  if (v.startsWith('+86')) v = v.slice(3)
  else if (v.startsWith('0086')) v = v.slice(4)
  return /^1[3-9]\d{9}$/.test(v) ? v : null
}

/** `138****5678`. */
export const maskPhone = (phone: string): string => `${phone.slice(0, 3)}****${phone.slice(-4)}`
