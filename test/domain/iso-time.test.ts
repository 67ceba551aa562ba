// isoInZone's fast path (offset looked up once per hour) must give exactly what Intl gives, in
// zones with odd offsets and half-hour DST, across transitions, and for milliseconds.
import fc from 'fast-check'
import t from 'tap'
import { isoInZone, isoInZoneExact } from '../../src/domain/iso-time.ts'

const ZONES = [
  'Asia/Shanghai',
  'UTC',
  'Europe/London',
  'America/New_York',
  'America/St_Johns', // -03:30 / -02:30
  'Asia/Kathmandu', // +05:45
  'Australia/Lord_Howe', // half-hour DST
  'Pacific/Chatham', // +12:45 / +13:45
  'Asia/Tehran',
]

t.test('same text as Intl on random instants (1970–2100)', async (t) => {
  fc.assert(
    fc.property(fc.constantFrom(...ZONES), fc.integer({ min: 0, max: 4_102_444_800_000 }), (zone, ms) => {
      t.equal(isoInZone(ms, zone), isoInZoneExact(ms, zone), `${zone} ${ms}`)
    }),
    { numRuns: 3000 },
  )
})

t.test('same text minute by minute around DST transitions', async (t) => {
  const around = [
    ['America/New_York', Date.UTC(2025, 2, 9, 7, 0)], // spring forward 02:00 → 03:00
    ['America/New_York', Date.UTC(2025, 10, 2, 6, 0)], // fall back
    ['Europe/London', Date.UTC(2025, 2, 30, 1, 0)],
    ['Australia/Lord_Howe', Date.UTC(2025, 3, 5, 15, 0)], // 30-minute shift
    ['Pacific/Chatham', Date.UTC(2025, 3, 5, 14, 0)],
  ] as const
  for (const [zone, at] of around) {
    for (let m = -120; m <= 120; m++) {
      const ms = at + m * 60_000 + 123
      if (isoInZone(ms, zone) !== isoInZoneExact(ms, zone)) t.fail(`${zone} ${new Date(ms).toISOString()}`)
    }
  }
  t.pass('checked')
})

t.test('the format itself', async (t) => {
  const at = Date.UTC(2025, 2, 3, 1, 5, 0)
  t.equal(isoInZone(at, 'Asia/Shanghai'), '2025-03-03T09:05:00+08:00')
  t.equal(isoInZone(at + 45, 'Asia/Shanghai'), '2025-03-03T09:05:00.045+08:00')
  t.equal(isoInZone(at, 'UTC'), isoInZoneExact(at, 'UTC'))
  t.equal(isoInZone(at, 'America/St_Johns'), '2025-03-02T21:35:00-03:30')
})
