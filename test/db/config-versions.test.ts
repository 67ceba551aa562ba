// Hall configuration versions, the projections of a document, and the organisation tree scope.
import t from 'tap'
import {
  getHallConfig,
  latestHallConfigs,
  listHallConfigVersions,
  saveHallConfig,
} from '../../src/db/repos/hall-configs.ts'
import { getHallRow, upsertHall } from '../../src/db/repos/halls.ts'
import {
  createOrgUnit,
  hallsInSubtree,
  moveOrgUnit,
  orgUnitLineage,
  subtreeUnits,
} from '../../src/db/repos/org-units.ts'
import { listDevices } from '../../src/db/repos/devices.ts'
import { eachBackend } from './fixtures/backends.ts'

const doc = (name: string, services: string[], windows: string[]) => ({
  name,
  timezone: 'Asia/Shanghai',
  services: services.map((id, i) => ({ id, name: `业务${i}`, prefix: String.fromCharCode(65 + i) })),
  windows: windows.map((id) => ({ id, name: `${id}号窗口`, services })),
  devices: [{ id: 'led-1', type: 'led', window: windows[0] }],
})

t.test('every save keeps the previous version', (t) =>
  eachBackend(t, async (t, { db }) => {
    const v1 = await saveHallConfig(db, {
      hall: 'futian',
      document: doc('福田市民中心', ['a', 'b'], ['1', '2']),
      createdBy: 'tok_1',
      liveVersion: 1,
    })
    const v2 = await saveHallConfig(db, {
      hall: 'futian',
      document: doc('福田区市民中心', ['a'], ['1']),
      createdBy: 'tok_2',
    })
    t.equal(v1.version, 1)
    t.equal(v2.version, 2)
    t.match(await getHallConfig(db, 'futian', 1), {
      version: 1,
      createdBy: 'tok_1',
      liveVersion: 1,
      document: { name: '福田市民中心' },
    })
    t.match(await getHallConfig(db, 'futian'), { version: 2, createdBy: 'tok_2', document: { name: '福田区市民中心' } })
    t.same(
      (await listHallConfigVersions(db, 'futian')).map((v) => v.version),
      [2, 1],
    )
    t.equal(await getHallConfig(db, 'futian', 3), null)
    t.match(await getHallRow(db, 'futian'), { name: '福田区市民中心', current_version: 2, timezone: 'Asia/Shanghai' })

    // Services and windows follow the latest document; removed ones are retired, not deleted.
    const services = await db.selectFrom('services').selectAll().where('hall_id', '=', 'futian').orderBy('id').execute()
    t.match(services, [
      { id: 'a', retired_at: null, prefix: 'A' },
      { id: 'b', retired_at: Date },
    ])
    const windows = await db.selectFrom('windows').selectAll().where('hall_id', '=', 'futian').orderBy('id').execute()
    t.match(windows, [
      { id: '1', services: ['a'], retired_at: null },
      { id: '2', retired_at: Date },
    ])
    t.match(await listDevices(db, 'futian'), [{ id: 'led-1', type: 'led', window_id: '1' }])

    await saveHallConfig(db, { hall: 'luohu', document: doc('罗湖', ['x'], ['1']) })
    t.same(
      (await latestHallConfigs(db)).map((c) => [c.hall, c.version]),
      [
        ['futian', 2],
        ['luohu', 1],
      ],
    )
  }),
)

t.test('concurrent saves of one hall get distinct versions', (t) =>
  eachBackend(t, async (t, { db }) => {
    const saved = await Promise.all(
      Array.from({ length: 8 }, (_, i) => saveHallConfig(db, { hall: 'h', document: doc(`v${i}`, ['a'], ['1']) })),
    )
    t.same(
      saved.map((s) => s.version).sort((a, b) => a - b),
      [1, 2, 3, 4, 5, 6, 7, 8],
    )
  }),
)

t.test('org tree: subtree scope for managers, at any depth', (t) =>
  eachBackend(t, async (t, { db }) => {
    await createOrgUnit(db, { id: 'gd', kind: 'province', name: '广东省' })
    await createOrgUnit(db, { id: 'sz', parentId: 'gd', kind: 'city', name: '深圳市' })
    await createOrgUnit(db, { id: 'ft', parentId: 'sz', kind: 'county', name: '福田区' })
    await createOrgUnit(db, { id: 'ft_hq', parentId: 'ft', kind: 'street', name: '华强北街道' })
    await createOrgUnit(db, { id: 'lh', parentId: 'sz', kind: 'county', name: '罗湖区' })
    await createOrgUnit(db, { id: 'ftx', parentId: 'gd', kind: 'city', name: '(underscore trap: ft_ vs ftx)' })
    await upsertHall(db, { id: 'h-ft', name: '福田区市民中心', orgUnitId: 'ft' })
    await upsertHall(db, { id: 'h-hq', name: '华强北街道便民服务中心', orgUnitId: 'ft_hq' })
    await upsertHall(db, { id: 'h-lh', name: '罗湖区政务服务中心', orgUnitId: 'lh' })
    await upsertHall(db, { id: 'h-x', name: 'other', orgUnitId: 'ftx' })
    await upsertHall(db, { id: 'h-none', name: 'no unit' })

    t.same(await hallsInSubtree(db, 'ft'), ['h-ft', 'h-hq'])
    t.same(await hallsInSubtree(db, 'ft_hq'), ['h-hq'])
    t.same(await hallsInSubtree(db, 'sz'), ['h-ft', 'h-hq', 'h-lh'])
    t.same(await hallsInSubtree(db, 'gd'), ['h-ft', 'h-hq', 'h-lh', 'h-x'])
    t.same(await hallsInSubtree(db, 'nowhere'), [])
    t.same(
      (await orgUnitLineage(db, 'ft_hq')).map((u) => u.id),
      ['gd', 'sz', 'ft', 'ft_hq'],
    )

    // Moving a county to another city moves its whole subtree.
    await createOrgUnit(db, { id: 'gz', parentId: 'gd', kind: 'city', name: '广州市' })
    await moveOrgUnit(db, 'ft', 'gz')
    t.same(await hallsInSubtree(db, 'sz'), ['h-lh'])
    t.same(await hallsInSubtree(db, 'gz'), ['h-ft', 'h-hq'])
    t.same(
      (await subtreeUnits(db, 'gz')).map((u) => u.path),
      ['/gd/gz/', '/gd/gz/ft/', '/gd/gz/ft/ft_hq/'],
    )
    await t.rejects(moveOrgUnit(db, 'gd', 'ft_hq'), { code: 'QMS_ERR_VALIDATION' })
    await t.rejects(createOrgUnit(db, { id: 'a/b', kind: 'x', name: 'x' }), { code: 'QMS_ERR_VALIDATION' })
    await t.rejects(createOrgUnit(db, { id: 'orphan', parentId: 'missing', kind: 'x', name: 'x' }), {
      code: 'QMS_ERR_NOT_FOUND',
    })
  }),
)
