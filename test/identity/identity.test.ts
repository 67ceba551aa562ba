// ID-card and phone normalisation, masks, ages; the keyed hash (stable per key, different across
// keys and kinds); IDENTITY_KEY handling; sealing. No function echoes a raw number in an error.
import t from 'tap'
import { ageOn, birthDateOf, maskIdCard, normalizeIdCard } from '../../src/identity/id-card.ts'
import { identityKeyFromEnv } from '../../src/identity/identity-key.ts'
import { IdentityService } from '../../src/identity/identity-service.ts'
import { maskPhone, normalizePhone } from '../../src/identity/phone.ts'
import { Sealer } from '../../src/identity/sealer.ts'

const KEY = Buffer.from('k'.repeat(32))
const ID = '110101195001010017'

t.test('ID-card numbers: check character, birth date, normalisation, mask, age', async (t) => {
  t.equal(normalizeIdCard(ID), ID)
  t.equal(normalizeIdCard(' 11010519600303002x '), '11010519600303002X', 'lower-case x, spaces')
  t.equal(normalizeIdCard('110101195001010018'), null, 'wrong check character')
  t.equal(normalizeIdCard('110101195002300014'), null, '30 February')
  t.equal(normalizeIdCard('11010119500101001'), null, '17 characters')
  t.equal(normalizeIdCard('110101500101001'), null, 'old 15-digit numbers are not accepted')
  t.equal(birthDateOf(ID), '1950-01-01')
  t.equal(maskIdCard(ID), '1101**********0017')
  t.equal(ageOn('1960-03-03', '2025-03-03'), 65, 'the birthday itself counts')
  t.equal(ageOn('1960-03-04', '2025-03-03'), 64)
  t.equal(ageOn('1960-02-29', '2025-02-28'), 64)
  t.equal(ageOn('1960-02-29', '2025-03-01'), 65)
})

t.test('phone numbers: mainland mobiles only', async (t) => {
  t.equal(normalizePhone('138 1234 5678'), '13812345678')
  t.equal(normalizePhone('+86-138-1234-5678'), '13812345678')
  t.equal(normalizePhone('008613812345678'), '13812345678')
  t.equal(normalizePhone('12812345678'), null, '12x is not a mobile prefix')
  t.equal(normalizePhone('0755-12345678'), null, 'a landline')
  t.equal(maskPhone('13812345678'), '138****5678')
})

t.test('the keyed hash: same person, same key → same hash; nothing else matches', async (t) => {
  const a = new IdentityService(KEY)
  const b = new IdentityService(Buffer.from('z'.repeat(32)))
  const viaId = a.resolve({ idCard: ID })!
  t.match(viaId, { kind: 'idcard', mask: '1101**********0017', birthDate: '1950-01-01', key: /^[A-Za-z0-9_-]{43}$/ })
  t.equal(a.resolve({ idCard: ID.toLowerCase() })!.key, viaId.key)
  t.not(b.resolve({ idCard: ID })!.key, viaId.key, 'another key, another hash')
  t.notMatch(viaId.key, ID)
  const viaPhone = a.resolve({ phone: '13812345678' })!
  t.match(viaPhone, { kind: 'phone', mask: '138****5678', birthDate: null })
  t.equal(a.resolve({ phone: '+86 13812345678' })!.key, viaPhone.key)
  t.equal(a.resolve({ idCard: ID, phone: '13812345678' })!.key, viaId.key, 'the ID card wins when both are given')
  t.not(a.hash('phone', '1'), a.hash('idcard', '1'), 'the kind is hashed too')
  t.equal(a.resolve(undefined), null)
  t.equal(a.resolve({}), null)
})

t.test('malformed values are refused without repeating them', async (t) => {
  const a = new IdentityService(KEY)
  for (const input of [{ idCard: '110101195001010018' }, { phone: '12812345678' }, { idCard: ID, phone: '555' }]) {
    const err = (() => {
      try {
        a.resolve(input)
      } catch (e) {
        return e as { code: string; message: string; details?: unknown }
      }
      return null
    })()
    t.match(err, { code: 'QMS_ERR_IDENTITY_INVALID' })
    const said = JSON.stringify(err) + err!.message
    t.notMatch(said, /\d{5,}/, 'no digits of the value in the error')
  }
})

t.test('IDENTITY_KEY: required length, generated with a warning in development, required in production', async (t) => {
  t.same(identityKeyFromEnv({ IDENTITY_KEY: 'x'.repeat(32) }).key, Buffer.from('x'.repeat(32)))
  t.throws(() => identityKeyFromEnv({ IDENTITY_KEY: 'short' }), /at least 32 bytes/)
  const warnings: string[] = []
  const dev = identityKeyFromEnv({}, (m) => warnings.push(m))
  t.equal(dev.generated, true)
  t.equal(dev.key.length, 32)
  t.match(warnings, [/IDENTITY_KEY is not set/])
  t.not(identityKeyFromEnv({}, () => {}).key.toString('hex'), dev.key.toString('hex'), 'a new key per process start')
  t.throws(() => identityKeyFromEnv({ NODE_ENV: 'production' }), /required in production/)
})

t.test('sealed values: readable with the key only, tamper-evident, never plain', async (t) => {
  const s = new Sealer(KEY)
  const sealed = s.seal('13812345678')
  t.notMatch(sealed, '13812345678')
  t.not(s.seal('13812345678'), sealed, 'a fresh IV each time')
  t.equal(s.open(sealed), '13812345678')
  t.equal(new Sealer(Buffer.from('z'.repeat(32))).open(sealed), null, 'another key')
  const flipped = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'B' : 'A') + sealed.slice(-1)
  t.equal(s.open(flipped), null, 'tampered')
  t.equal(s.open('13812345678'), null, 'not sealed')
})
