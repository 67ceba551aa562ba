import t from 'tap'
import { join } from 'node:path'
import { loadHallFile } from '../../src/config/load-hall-file.ts'
import { isQmsError } from '../../src/domain/errors.ts'
import { MINIMAL_HALL } from './fixtures/minimal-hall.ts'

const YAML_HALL = `# 福田区市民中心 (YAML form)
name: 福田区市民中心
timezone: Asia/Shanghai
hours:
  weekly:
    mon: [{ open: 09:00, close: 12:00 }, { open: 13:00, close: 17:00 }]
    sat:
      - open: 09:00
        close: 12:00
  holidays: [2026-10-01]
services:
  - id: social-security
    name: 社保业务
    prefix: A
    weekdays: [mon, wed, fri]
windows:
  - id: "3"
    name: 3号窗口
    services: [social-security]
`

t.test('loads YAML (.yaml and .yml): unquoted times and dates stay strings', async (t) => {
  const dir = t.testdir({ 'hall.yaml': YAML_HALL, 'hall.yml': YAML_HALL })
  for (const file of ['hall.yaml', 'hall.yml']) {
    const doc = await loadHallFile(join(dir, file))
    t.same(doc.hours!.weekly.mon, [
      { open: '09:00', close: '12:00' },
      { open: '13:00', close: '17:00' },
    ])
    t.same(doc.hours!.weekly.sat, [{ open: '09:00', close: '12:00' }])
    t.same(doc.hours!.holidays, ['2026-10-01'])
    t.same(doc.services[0]!.weekdays, ['mon', 'wed', 'fri'])
    t.equal(doc.services[0]!.digits, 3, 'defaults filled')
  }
})

t.test('loads JSON', async (t) => {
  const dir = t.testdir({ 'hall.json': JSON.stringify(MINIMAL_HALL) })
  const doc = await loadHallFile(join(dir, 'hall.json'))
  t.equal(doc.windows[0]!.id, '3')
  t.equal(doc.publicIssuing, true)
})

t.test('an invalid document throws QMS_ERR_VALIDATION listing the paths', async (t) => {
  const bad = YAML_HALL.replace('close: 12:00 }', 'close: 25:00 }').replace('id: "3"', 'id: 3')
  const dir = t.testdir({ 'bad.yaml': bad })
  const err = await loadHallFile(join(dir, 'bad.yaml')).catch((e: unknown) => e)
  t.ok(isQmsError(err))
  if (!isQmsError(err)) return
  t.equal(err.code, 'QMS_ERR_VALIDATION')
  t.match(err.message, /windows\[0\]\.id: must be string/, 'an unquoted numeric id in YAML is a number')
  const errors = err.details?.errors as { path: string }[]
  t.same(
    errors.map((e) => e.path),
    ['windows[0].id'],
    'schema errors come first',
  )

  const dir2 = t.testdir({ 'bad.yaml': YAML_HALL.replace('close: 12:00 }', 'close: 25:00 }') })
  const err2 = await loadHallFile(join(dir2, 'bad.yaml')).catch((e: unknown) => e)
  t.ok(isQmsError(err2) && err2.code === 'QMS_ERR_VALIDATION')
  if (isQmsError(err2)) t.match(err2.message, /hours\.weekly\.mon\[0\]\.close: "25:00" is not a valid HH:MM time/)
})

t.test('unparsable files and other extensions are validation errors', async (t) => {
  const dir = t.testdir({ 'broken.json': '{"name": ', 'broken.yaml': 'a: [1, 2', 'hall.toml': 'name = "x"' })
  for (const file of ['broken.json', 'broken.yaml', 'hall.toml']) {
    const err = await loadHallFile(join(dir, file)).catch((e: unknown) => e)
    t.ok(isQmsError(err) && err.code === 'QMS_ERR_VALIDATION', file)
  }
})

t.test('a missing file is an I/O error, not a validation error', async (t) => {
  const err = await loadHallFile('/nonexistent/hall.json').catch((e: unknown) => e)
  t.equal((err as NodeJS.ErrnoException).code, 'ENOENT')
})
