// The hall of the allocation benchmark: 20 windows, 8 services, about 1,200 tickets a day with a
// morning and an afternoon peak, a lunch closing and staff breaks. Windows 1–15 are fixed
// (their services never change); 16–20 are 全科 windows that serve every personal service in the
// configured (static) allocation and that the controller may re-assign.
import type { HallDocumentInput } from '../src/config/hall-schema.ts'
import type { AllocSettings } from '../src/domain/alloc/types.ts'
import { DEFAULT_SETTINGS } from '../src/domain/alloc/types.ts'
import type { HallDay, WindowStaffing } from './sim/day-types.ts'

const day = [
  { open: '09:00', close: '12:00' },
  { open: '13:00', close: '17:00' },
]
const PERSONAL = ['ss', 'med', 'hf', 'permit', 'household', 'consult']

const fixed: Array<[string, string[]]> = [
  ['1', ['ss']],
  ['2', ['ss']],
  ['3', ['ss']],
  ['4', ['med']],
  ['5', ['med']],
  ['6', ['ss', 'med']],
  ['7', ['hf']],
  ['8', ['permit']],
  ['9', ['permit']],
  ['10', ['household']],
  ['11', ['tax']],
  ['12', ['tax']],
  ['13', ['tax', 'biz']],
  ['14', ['biz']],
  ['15', ['consult']],
]
const flexibleIds = ['16', '17', '18', '19', '20']

const document: HallDocumentInput = {
  name: '龙华区政务服务中心',
  nameEn: 'Longhua District Government Service Centre',
  timezone: 'Asia/Shanghai',
  hours: { weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] } },
  services: [
    { id: 'ss', name: '社保业务', nameEn: 'Social security', prefix: 'A', meanHandlingMinutes: 3 },
    { id: 'med', name: '医保业务', nameEn: 'Medical insurance', prefix: 'B', meanHandlingMinutes: 2.5 },
    { id: 'hf', name: '公积金', nameEn: 'Housing fund', prefix: 'C', meanHandlingMinutes: 3.5 },
    { id: 'permit', name: '出入境', nameEn: 'Exit-entry', prefix: 'D', meanHandlingMinutes: 2.2 },
    { id: 'household', name: '户籍', nameEn: 'Household registration', prefix: 'E', meanHandlingMinutes: 4 },
    { id: 'tax', name: '税务', nameEn: 'Taxation', prefix: 'F', meanHandlingMinutes: 4.5 },
    {
      id: 'biz',
      name: '商事登记',
      nameEn: 'Business registration',
      prefix: 'G',
      meanHandlingMinutes: 6,
      category: 'business',
    },
    { id: 'consult', name: '综合咨询', nameEn: 'Enquiries', prefix: 'K', meanHandlingMinutes: 1.5 },
  ],
  windows: [
    ...fixed.map(([id, services]) => ({ id, name: `${id}号窗口`, services })),
    ...flexibleIds.map((id) => ({ id, name: `${id}号综合窗口`, services: PERSONAL })),
  ],
}

const BREAKS: Record<string, WindowStaffing['breaks']> = {
  '1': [{ at: '10:40', minutes: 15 }],
  '4': [{ at: '15:20', minutes: 15 }],
  '8': [{ at: '10:20', minutes: 10 }],
  '11': [{ at: '14:30', minutes: 15 }],
  '15': [{ at: '11:10', minutes: 10 }],
  '17': [{ at: '10:50', minutes: 15 }],
  '19': [{ at: '15:40', minutes: 15 }],
}
const SPEED = [1.0, 0.9, 1.1, 1.0, 1.15, 0.95, 1.0, 1.05, 0.9, 1.1, 1.0, 1.2, 0.95, 1.0, 1.0, 0.9, 1.05, 1.0, 1.1, 0.95]

export const allocHall: HallDay = {
  id: 'alloc',
  title: 'District hall for the allocation benchmark: 20 windows (5 全科), 8 services, ~1,200 tickets',
  hall: 'sim-alloc',
  document,
  traffic: [
    { service: 'ss', perDay: 240, medianSec: 150, sigma: 0.6, noShow: 0.05, green: 0.05, appointment: 0.1 },
    { service: 'med', perDay: 190, medianSec: 120, sigma: 0.55, noShow: 0.05, green: 0.05, appointment: 0.08 },
    { service: 'hf', perDay: 100, medianSec: 165, sigma: 0.6, noShow: 0.05, green: 0.02, appointment: 0.15 },
    { service: 'permit', perDay: 140, medianSec: 120, sigma: 0.45, noShow: 0.04, green: 0.02, appointment: 0.25 },
    { service: 'household', perDay: 65, medianSec: 210, sigma: 0.5, noShow: 0.05, green: 0.05, appointment: 0.1 },
    { service: 'tax', perDay: 125, medianSec: 210, sigma: 0.65, noShow: 0.05, green: 0.01, appointment: 0.15 },
    { service: 'biz', perDay: 60, medianSec: 300, sigma: 0.6, noShow: 0.05, green: 0.01, appointment: 0.2 },
    { service: 'consult', perDay: 220, medianSec: 60, sigma: 0.7, noShow: 0.08, green: 0.05, appointment: 0 },
  ],
  staffing: document.windows.map((w, i) => ({
    window: w.id,
    speed: SPEED[i]!,
    shifts: [
      { from: '09:00', to: '12:00', end: 'drain' as const },
      { from: '13:00', to: '17:00', end: 'drain' as const },
    ],
    breaks: BREAKS[w.id] ?? [],
  })),
  curve: {
    morningPeak: '10:00',
    afternoonPeak: '15:00',
    peakWidthMin: 55,
    afternoonWeight: 0.85,
    base: 0.3,
    lunch: { from: '11:30', to: '12:00', factor: 0.5 },
    doorBurst: 0.05,
  },
  patienceMin: 240,
  forgottenRate: 0.003,
  returnAfterNoShow: 0.3,
}

/** The controller's settings for this hall: the 全科 windows may serve any personal service. */
export const allocSettings = (over: Partial<AllocSettings> = {}): AllocSettings => ({
  ...DEFAULT_SETTINGS,
  mode: 'auto',
  targetWaitSec: 900,
  targetLevel: 0.8,
  flexible: Object.fromEntries(flexibleIds.map((id) => [id, PERSONAL])),
  ...over,
})
