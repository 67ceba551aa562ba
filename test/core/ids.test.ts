// Ticket ids are cut from a pooled random buffer: still 128-bit base64url, never repeated, also
// across pool refills.
import t from 'tap'
import { newTicketId } from '../../src/core/ids.ts'

t.test('22 base64url characters, unique over many pool refills', async (t) => {
  const seen = new Set<string>()
  for (let i = 0; i < 20_000; i++) {
    const id = newTicketId()
    if (!/^[A-Za-z0-9_-]{22}$/.test(id)) t.fail(`bad id ${id}`)
    seen.add(id)
  }
  t.equal(seen.size, 20_000)
})

t.test('every bit position varies (no constant bytes from the pool)', async (t) => {
  const ids = Array.from({ length: 512 }, () => Buffer.from(newTicketId(), 'base64url'))
  const or = Buffer.alloc(16)
  const and = Buffer.alloc(16, 0xff)
  for (const b of ids) {
    for (let i = 0; i < 16; i++) {
      or[i]! |= b[i]!
      and[i]! &= b[i]!
    }
  }
  t.ok(
    or.every((x) => x === 0xff),
    'every bit is set somewhere',
  )
  t.ok(
    and.every((x) => x === 0),
    'every bit is clear somewhere',
  )
})
