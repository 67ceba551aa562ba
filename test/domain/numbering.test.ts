import t from 'tap'
import { formatTicketNumber } from '../../src/domain/numbering.ts'

t.test('zero-padded to the digits, then growing past them (never wrapping)', async (t) => {
  t.equal(formatTicketNumber('A', 1, 3), 'A001')
  t.equal(formatTicketNumber('A', 17, 3), 'A017')
  t.equal(formatTicketNumber('A', 999, 3), 'A999')
  t.equal(formatTicketNumber('A', 1000, 3), 'A1000')
  t.equal(formatTicketNumber('A', 1001, 3), 'A1001')
  t.equal(formatTicketNumber('GH', 7, 4), 'GH0007')
  t.equal(formatTicketNumber('B', 42, 1), 'B42')
})

t.test('a sequence must be a positive integer', async (t) => {
  for (const bad of [0, -1, 1.5, Number.NaN]) t.throws(() => formatTicketNumber('A', bad, 3), RangeError, String(bad))
})
