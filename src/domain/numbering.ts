// Ticket numbers: service prefix + the day's sequence, zero-padded to the service's digits.
// Past the padding the number simply grows (A999 → A1000): it never wraps, so a number is never
// issued twice on one business date.

export function formatTicketNumber(prefix: string, seq: number, digits: number): string {
  if (!Number.isSafeInteger(seq) || seq < 1)
    throw new RangeError(`ticket sequence must be a positive integer, got ${seq}`)
  return prefix + String(seq).padStart(digits, '0')
}
