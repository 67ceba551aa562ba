import t from 'tap'
import { compileHall } from '../../src/config/compile-hall.ts'
import { validateHallDocument } from '../../src/config/validate-hall.ts'
import type { HallDocument } from '../../src/config/hall-document.ts'
import { minimalHall } from './fixtures/minimal-hall.ts'

function valid(doc: unknown): HallDocument {
  const r = validateHallDocument(doc)
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.document
}

t.test('the minimal document compiles with defaults', async (t) => {
  const rt = compileHall('futian', valid(minimalHall()))
  t.equal(rt.hall, 'futian')
  t.equal(rt.timezone, 'Asia/Shanghai')
  t.same(rt.serviceOrder, ['social-security'])
  t.same(rt.services['social-security'], {
    id: 'social-security',
    prefix: 'A',
    mode: 'shared',
    digits: 3,
    meanHandlingSec: 600,
    dailyLimit: null,
    windows: ['3'],
  })
  t.same(rt.windowOrder, ['3'])
  t.same(rt.windows['3'], {
    id: '3',
    services: ['social-security'],
    policy: { mode: 'fifo', weights: { 'social-security': 1 }, maxConsecutivePriority: 3, agingSec: 1800 },
  })
  t.same(rt.classBands, ['green', 'appointment', 'normal'])
  t.same(rt.classes, {
    normal: { id: 'normal', rank: 0 },
    green: { id: 'green', rank: 2 },
    appointment: { id: 'appointment', rank: 1 },
  })
  t.same(rt.rules, { maxRecalls: 3, noShowRequeue: 'tail', maxRequeues: 1 })
})

t.test('bands by rank descending whatever the listing order; service windows in config order', async (t) => {
  const doc = minimalHall()
  doc.priorityClasses = [
    { id: 'appointment', name: '预约', rank: 1 },
    { id: 'military', name: '军人优先', rank: 5 },
    { id: 'green', name: '绿色通道', rank: 3 },
  ]
  doc.services.push({
    id: 'tax',
    name: '税务',
    prefix: 'F',
    mode: 'assigned',
    meanHandlingMinutes: 7.5,
    dailyLimit: 80,
    digits: 4,
  })
  doc.windows = [
    {
      id: '9',
      name: '9号窗口',
      services: ['tax', 'social-security'],
      policy: { mode: 'weighted', weights: { tax: 3 }, agingMinutes: 12 },
    },
    { id: '2', name: '2号窗口', services: ['social-security'], policy: { mode: 'order', maxConsecutivePriority: 1 } },
    { id: '5', name: '5号窗口', services: ['tax'] },
  ]
  doc.rules = { maxRecalls: 2, noShow: { requeue: 'original', maxRequeues: 2 }, maxConsecutivePriority: 4 }
  const rt = compileHall('h', valid(doc))
  t.same(rt.classBands, ['military', 'green', 'appointment', 'normal'])
  t.same(rt.services['social-security']!.windows, ['9', '2'])
  t.same(rt.services.tax, {
    id: 'tax',
    prefix: 'F',
    mode: 'assigned',
    digits: 4,
    meanHandlingSec: 450,
    dailyLimit: 80,
    windows: ['9', '5'],
  })
  t.same(rt.windows['9']!.policy, {
    mode: 'weighted',
    weights: { tax: 3, 'social-security': 1 },
    maxConsecutivePriority: 4,
    agingSec: 720,
  })
  t.same(rt.windows['2']!.policy, {
    mode: 'order',
    weights: { 'social-security': 1 },
    maxConsecutivePriority: 1,
    agingSec: 1800,
  })
  t.same(rt.windowOrder, ['9', '2', '5'])
  t.same(rt.rules, { maxRecalls: 2, noShowRequeue: 'original', maxRequeues: 2 })
})

t.test('no priority classes: only the normal band', async (t) => {
  const doc = minimalHall()
  doc.priorityClasses = []
  const rt = compileHall('h', valid(doc))
  t.same(rt.classBands, ['normal'])
  t.same(Object.keys(rt.classes), ['normal'])
})

t.test('a service no window serves compiles with an empty window list', async (t) => {
  const doc = minimalHall()
  doc.services.push({ id: 'idle', name: '暂停业务', prefix: 'Z' })
  t.same(compileHall('h', valid(doc)).services.idle!.windows, [])
})
