import t from 'tap'
import { Settings } from 'typebox/system'
import { parseHallDocument, validateHallDocument, type FieldError } from '../../src/config/validate-hall.ts'
import { minimalHall, MINIMAL_HALL } from './fixtures/minimal-hall.ts'

/** The errors of a document that must be rejected. */
function errorsOf(doc: unknown): FieldError[] {
  const r = validateHallDocument(doc)
  if (r.ok) throw new Error('expected the document to be rejected')
  return r.errors
}

t.test('the minimal document is accepted as-is and gets every default', async (t) => {
  const r = validateHallDocument(minimalHall())
  t.ok(r.ok)
  if (!r.ok) return
  const d = r.document
  t.equal(d.name, '福田区市民中心')
  t.equal(d.hours, undefined, 'no hours: always open')
  t.match(d.services[0], { category: 'personal', mode: 'shared', meanHandlingMinutes: 10, digits: 3 })
  t.equal(d.services[0]!.weekdays, undefined)
  t.equal(d.services[0]!.dailyLimit, undefined)
  t.same(d.windows[0]!.policy, { mode: 'fifo', weights: {}, maxConsecutivePriority: 3, agingMinutes: 30 })
  t.same(
    d.priorityClasses.map((c) => [c.id, c.name, c.nameEn, c.rank]),
    [
      ['green', '绿色通道', 'Green channel', 2],
      ['appointment', '预约', 'Appointment', 1],
    ],
  )
  t.same(d.rules, { maxRecalls: 3, noShow: { requeue: 'tail', maxRequeues: 1 }, maxConsecutivePriority: 3 })
  t.equal(d.publicIssuing, true)
  t.same(d.devices, [])
  t.same(minimalHall(), MINIMAL_HALL, 'the input is not mutated')
  const again = validateHallDocument(d)
  t.ok(again.ok, 'the defaulted document is itself valid')
  if (again.ok) t.same(again.document, d, 'and validating it again changes nothing')
})

t.test('window policy cap defaults to the hall rule; an explicit empty class list stays empty', async (t) => {
  const doc = minimalHall()
  doc.rules = { maxConsecutivePriority: 5 }
  doc.priorityClasses = []
  doc.windows.push({ id: 'w4', name: '4号窗口', services: ['social-security'], policy: { maxConsecutivePriority: 2 } })
  const r = validateHallDocument(doc)
  t.ok(r.ok)
  if (!r.ok) return
  t.equal(r.document.windows[0]!.policy.maxConsecutivePriority, 5)
  t.equal(r.document.windows[1]!.policy.maxConsecutivePriority, 2)
  t.same(r.document.priorityClasses, [])
})

t.test('hours: missing weekdays become closed days; workdays follow mon by default', async (t) => {
  const doc = minimalHall()
  doc.hours = { weekly: { tue: [{ open: '09:00', close: '17:00' }] } }
  const r = validateHallDocument(doc)
  t.ok(r.ok)
  if (!r.ok) return
  t.same(r.document.hours!.weekly.mon, [])
  t.same(r.document.hours!.weekly.tue, [{ open: '09:00', close: '17:00' }])
  t.same(r.document.hours!.holidays, [])
  t.equal(r.document.hours!.workdaysFollow, 'mon')
  t.equal(r.document.hours!.overtimeMinutes, 30)
})

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each case reshapes the document freely
const cases: [string, (d: any) => void, string, RegExp][] = [
  ['not an object', () => {}, '', /./],
  ['unknown top-level field', (d) => (d.colour = 'red'), 'colour', /unknown field "colour"/],
  ['missing name', (d) => delete d.name, 'name', /is required/],
  ['empty services', (d) => (d.services = []), 'services', /fewer than 1/],
  ['bad id', (d) => (d.services[0].id = 'social security'), 'services[0].id', /not a valid id/],
  ['long id', (d) => (d.windows[0].id = 'x'.repeat(33)), 'windows[0].id', /not a valid id/],
  ['bad prefix', (d) => (d.services[0].prefix = 'a1'), 'services[0].prefix', /not a valid prefix/],
  ['empty name', (d) => (d.windows[0].name = ''), 'windows[0].name', /must not be empty/],
  ['long name', (d) => (d.windows[0].name = '窗'.repeat(65)), 'windows[0].name', /64/],
  ['bad mode', (d) => (d.services[0].mode = 'queue'), 'services[0].mode', /"queue" is not one of "shared", "assigned"/],
  ['bad category', (d) => (d.services[0].category = 'vip'), 'services[0].category', /not one of/],
  ['bad weekday', (d) => (d.services[0].weekdays = ['mon', 'funday']), 'services[0].weekdays[1]', /not one of/],
  ['zero daily limit', (d) => (d.services[0].dailyLimit = 0), 'services[0].dailyLimit', />= 1/],
  ['unknown service field', (d) => (d.services[0].colour = 1), 'services[0].colour', /unknown field/],
  ['bad device type', (d) => (d.devices = [{ id: 'x', type: 'toaster' }]), 'devices[0].type', /not one of/],
  ['rank 0', (d) => (d.priorityClasses = [{ id: 'vip', name: 'VIP', rank: 0 }]), 'priorityClasses[0].rank', />= 1/],
  ['bad requeue', (d) => (d.rules = { noShow: { requeue: 'front' } }), 'rules.noShow.requeue', /not one of/],
  ['unknown timezone', (d) => (d.timezone = 'Asia/Beijing'), 'timezone', /unknown timezone "Asia\/Beijing"/],
  [
    'unknown service in a window',
    (d) => d.windows[0].services.push('tax'),
    'windows[0].services[1]',
    /^unknown service "tax"$/,
  ],
  [
    'service twice in a window',
    (d) => d.windows[0].services.push('social-security'),
    'windows[0].services[1]',
    /listed twice/,
  ],
  ['missing prefix', (d) => d.services.push({ id: 'b', name: 'B' }), 'services[1].prefix', /^is required$/],
  [
    'duplicate prefix (third service)',
    (d) => d.services.push({ id: 'b', name: 'B', prefix: 'B' }, { id: 'c', name: 'C', prefix: 'A' }),
    'services[2].prefix',
    /^prefix "A" is already used by services\[0\]$/,
  ],
  [
    'duplicate service id',
    (d) => d.services.push({ id: 'social-security', name: 'B', prefix: 'B' }),
    'services[1].id',
    /already used by services\[0\]/,
  ],
  [
    'duplicate window id',
    (d) => d.windows.push({ id: '3', name: 'x', services: ['social-security'] }),
    'windows[1].id',
    /already used by windows\[0\]/,
  ],
  [
    'duplicate class id',
    (d) =>
      (d.priorityClasses = [
        { id: 'g', name: 'G', rank: 1 },
        { id: 'g', name: 'H', rank: 2 },
      ]),
    'priorityClasses[1].id',
    /already used/,
  ],
  [
    'duplicate class rank',
    (d) =>
      (d.priorityClasses = [
        { id: 'g', name: 'G', rank: 1 },
        { id: 'h', name: 'H', rank: 1 },
      ]),
    'priorityClasses[1].rank',
    /rank 1 is already used by priorityClasses\[0\]/,
  ],
  [
    'reserved class id',
    (d) => (d.priorityClasses = [{ id: 'normal', name: '普通', rank: 1 }]),
    'priorityClasses[0].id',
    /reserved/,
  ],
  [
    'duplicate device id',
    (d) =>
      (d.devices = [
        { id: 'k', type: 'kiosk' },
        { id: 'k', type: 'printer' },
      ]),
    'devices[1].id',
    /already used by devices\[0\]/,
  ],
  [
    'device on unknown window',
    (d) => (d.devices = [{ id: 'led', type: 'led', window: '9' }]),
    'devices[0].window',
    /unknown window "9"/,
  ],
  ['keypad without window', (d) => (d.devices = [{ id: 'kp', type: 'keypad' }]), 'devices[0].window', /must name it/],
  [
    'weight for an unknown service',
    (d) => (d.windows[0].policy = { mode: 'weighted', weights: { tax: 2 } }),
    'windows[0].policy.weights.tax',
    /unknown service "tax"/,
  ],
  [
    'weight for a service the window does not serve',
    (d) => {
      d.services.push({ id: 'tax', name: '税务', prefix: 'F' })
      d.windows[0].policy = { mode: 'weighted', weights: { tax: 2 } }
    },
    'windows[0].policy.weights.tax',
    /does not serve service "tax"/,
  ],
  [
    'negative weight',
    (d) => (d.windows[0].policy = { weights: { 'social-security': -1 } }),
    'windows[0].policy.weights["social-security"]',
    /> 0/,
  ],
  [
    'invalid close time',
    (d) => (d.hours = { weekly: { mon: [{ open: '09:00', close: '25:00' }] } }),
    'hours.weekly.mon[0].close',
    /^"25:00" is not a valid HH:MM time$/,
  ],
  [
    'invalid open time',
    (d) => (d.hours = { weekly: { tue: [{ open: '9:00', close: '12:00' }] } }),
    'hours.weekly.tue[0].open',
    /not a valid HH:MM/,
  ],
  [
    'close not after open',
    (d) => (d.hours = { weekly: { mon: [{ open: '12:00', close: '12:00' }] } }),
    'hours.weekly.mon[0].close',
    /not after opening time/,
  ],
  [
    'overlapping periods',
    (d) =>
      (d.hours = {
        weekly: {
          wed: [
            { open: '09:00', close: '12:30' },
            { open: '12:00', close: '17:00' },
          ],
        },
      }),
    'hours.weekly.wed[1].open',
    /overlaps or precedes/,
  ],
  [
    'unsorted periods',
    (d) =>
      (d.hours = {
        weekly: {
          fri: [
            { open: '13:00', close: '17:00' },
            { open: '09:00', close: '12:00' },
          ],
        },
      }),
    'hours.weekly.fri[1].open',
    /overlaps or precedes/,
  ],
  ['unknown weekday in hours', (d) => (d.hours = { weekly: { monday: [] } }), 'hours.weekly.monday', /unknown field/],
  [
    'invalid holiday',
    (d) => (d.hours = { weekly: {}, holidays: ['2026-02-30'] }),
    'hours.holidays[0]',
    /not a valid date/,
  ],
  [
    'invalid workday',
    (d) => (d.hours = { weekly: {}, workdays: ['2026/10/10'] }),
    'hours.workdays[0]',
    /not a valid date/,
  ],
  [
    'holiday listed twice',
    (d) => (d.hours = { weekly: {}, holidays: ['2026-10-01', '2026-10-01'] }),
    'hours.holidays[1]',
    /already listed at hours.holidays\[0\]/,
  ],
  [
    'a date both holiday and workday',
    (d) => (d.hours = { weekly: {}, holidays: ['2026-10-01'], workdays: ['2026-10-01'] }),
    'hours.workdays[0]',
    /also listed in hours.holidays/,
  ],
]

for (const [name, mutate, path, message] of cases) {
  t.test(`rejects: ${name}`, async (t) => {
    const doc = name === 'not an object' ? 'hall' : minimalHall()
    mutate(doc)
    const errors = errorsOf(doc)
    const hit = errors.find((e) => e.path === (path || '(document)'))
    t.ok(hit, `an error names ${path || '(document)'}; got ${JSON.stringify(errors)}`)
    if (hit) t.match(hit.message, message)
  })
}

t.test('several errors are reported at once, each with its own path', async (t) => {
  const doc = minimalHall()
  doc.services.push({ id: 'tax', name: '税务', prefix: 'A' })
  doc.windows[0].services.push('passport')
  doc.devices = [{ id: 'led-3', type: 'led', window: '4' }]
  const paths = errorsOf(doc).map((e) => e.path)
  t.same(paths.sort(), ['devices[0].window', 'services[1].prefix', 'windows[0].services[1]'])
})

t.test('a device profile is free-form', async (t) => {
  const doc = minimalHall()
  doc.devices = [
    { id: 'led-3', type: 'led', window: '3', profile: { cols: 16, rows: 2, charset: 'GB2312', nested: { a: [1] } } },
  ]
  const r = validateHallDocument(doc)
  t.ok(r.ok)
  if (r.ok) t.same(r.document.devices[0]!.profile, doc.devices[0].profile)
})

t.test(
  'more schema errors than TypeBox buffers by default are all reported; the global setting is restored',
  async (t) => {
    const before = Settings.Get().maxErrors
    const doc = minimalHall()
    for (let i = 0; i < 12; i++) doc.services.push({ id: `bad id ${i}`, name: `S${i}`, prefix: 'B' })
    const errors = errorsOf(doc)
    t.equal(errors.filter((e) => /^services\[\d+\]\.id$/.test(e.path)).length, 12)
    t.equal(Settings.Get().maxErrors, before)
  },
)

t.test('parseHallDocument returns the defaulted document or throws QMS_ERR_VALIDATION with the errors', async (t) => {
  t.equal(parseHallDocument(minimalHall()).services[0]!.digits, 3)
  const doc = minimalHall()
  doc.windows[0].services = ['tax']
  t.throws(() => parseHallDocument(doc, 'PUT /halls/futian/config'), {
    code: 'QMS_ERR_VALIDATION',
    message:
      /^PUT \/halls\/futian\/config: invalid hall document:\nwindows\[0\]\.services\[0\]: unknown service "tax"$/,
    details: { errors: [{ path: 'windows[0].services[0]', message: 'unknown service "tax"' }] },
  })
})
