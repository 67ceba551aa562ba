// The simulated hall days used by the benchmarks (fixed seeds live with the benchmark). Three
// different halls: the demo district hall with its mixed policies, a small township centre with
// many elderly visitors, and a big city hall with elastic windows and many appointments.
import { readFileSync } from 'node:fs'
import type { HallDocumentInput } from '../../src/config/hall-schema.ts'
import type { HallDay, WindowStaffing } from './day-types.ts'

const demoDocument = (): HallDocumentInput => {
  const doc = JSON.parse(
    readFileSync(new URL('../../config/demo-hall.json', import.meta.url), 'utf8'),
  ) as HallDocumentInput
  return { ...doc, devices: [] }
}

const fullDay = (window: string, speed: number, breaks: WindowStaffing['breaks'] = []): WindowStaffing => ({
  window,
  speed,
  shifts: [
    { from: '09:00', to: '12:00', end: 'drain' },
    { from: '13:00', to: '17:00', end: 'drain' },
  ],
  breaks,
})

/** 福田区市民中心 (config/demo-hall.json): 10 windows, order/weighted policies, assigned real estate. */
export const demoDistrict: HallDay = {
  id: 'district',
  title: 'District hall (demo document): 10 windows, mixed policies, lunch closing',
  hall: 'sim-district',
  document: demoDocument(),
  traffic: [
    { service: 'social-security', perDay: 62, medianSec: 600, sigma: 0.6, noShow: 0.06, green: 0.06, appointment: 0.1 },
    {
      service: 'medical-insurance',
      perDay: 58,
      medianSec: 480,
      sigma: 0.55,
      noShow: 0.06,
      green: 0.06,
      appointment: 0.08,
    },
    { service: 'housing-fund', perDay: 36, medianSec: 600, sigma: 0.6, noShow: 0.05, green: 0.02, appointment: 0.15 },
    { service: 'household', perDay: 17, medianSec: 780, sigma: 0.5, noShow: 0.05, green: 0.05, appointment: 0.1 },
    { service: 'exit-entry', perDay: 12, medianSec: 420, sigma: 0.4, noShow: 0.04, green: 0.02, appointment: 0.3 },
    { service: 'real-estate', perDay: 28, medianSec: 1260, sigma: 0.55, noShow: 0.04, green: 0.02, appointment: 0.2 },
    { service: 'tax', perDay: 25, medianSec: 780, sigma: 0.65, noShow: 0.05, green: 0.01, appointment: 0.1 },
    {
      service: 'business-registration',
      perDay: 19,
      medianSec: 1020,
      sigma: 0.6,
      noShow: 0.05,
      green: 0.01,
      appointment: 0.2,
    },
    { service: 'consultation', perDay: 30, medianSec: 240, sigma: 0.7, noShow: 0.08, green: 0.05, appointment: 0 },
  ],
  staffing: [
    fullDay('1', 1.0, [{ at: '10:40', minutes: 15 }]),
    fullDay('2', 0.9),
    fullDay('3', 1.15, [{ at: '15:10', minutes: 15 }]),
    fullDay('4', 1.0),
    fullDay('5', 1.05, [{ at: '14:20', minutes: 10 }]),
    fullDay('6', 1.0),
    fullDay('7', 1.2),
    fullDay('8', 0.95, [{ at: '10:10', minutes: 15 }]),
    fullDay('9', 1.1),
    fullDay('10', 0.85, [{ at: '15:40', minutes: 20 }]),
  ],
  curve: {
    morningPeak: '09:50',
    afternoonPeak: '14:40',
    peakWidthMin: 55,
    afternoonWeight: 0.8,
    base: 0.35,
    lunch: { from: '11:30', to: '12:00', factor: 0.5 },
    doorBurst: 0.06,
  },
  patienceMin: 400,
  forgottenRate: 0.004,
  returnAfterNoShow: 0.3,
}

const weekdays = (periods: Array<{ open: string; close: string }>) => ({
  mon: periods,
  tue: periods,
  wed: periods,
  thu: periods,
  fri: periods,
  sat: [],
  sun: [],
})

/** A township centre: 4 windows, open through lunch with a staff rotation, many elderly visitors. */
export const township: HallDay = {
  id: 'township',
  title: 'Township centre: 4 windows, no lunch closing (rotation), 12% green channel',
  hall: 'sim-township',
  document: {
    name: '梅林街道党群服务中心',
    nameEn: 'Meilin Sub-district Service Centre',
    timezone: 'Asia/Shanghai',
    hours: { weekly: weekdays([{ open: '08:30', close: '17:30' }]) },
    services: [
      { id: 'social', name: '社保医保', nameEn: 'Social & medical insurance', prefix: 'A', meanHandlingMinutes: 6 },
      { id: 'civil', name: '民政残联', nameEn: 'Civil affairs', prefix: 'B', meanHandlingMinutes: 10 },
      { id: 'consult', name: '咨询打印', nameEn: 'Enquiries & printing', prefix: 'C', meanHandlingMinutes: 3 },
    ],
    windows: [
      { id: 'W1', name: '1号窗口', services: ['social', 'consult'] },
      { id: 'W2', name: '2号窗口', services: ['social', 'consult'] },
      { id: 'W3', name: '3号窗口', services: ['civil', 'social'], policy: { mode: 'order' } },
      { id: 'W4', name: '4号窗口', services: ['consult', 'civil', 'social'] },
    ],
    rules: { maxConsecutivePriority: 2 },
  },
  traffic: [
    { service: 'social', perDay: 150, medianSec: 330, sigma: 0.55, noShow: 0.07, green: 0.14, appointment: 0.05 },
    { service: 'civil', perDay: 38, medianSec: 540, sigma: 0.6, noShow: 0.05, green: 0.2, appointment: 0.1 },
    { service: 'consult', perDay: 70, medianSec: 150, sigma: 0.7, noShow: 0.1, green: 0.08, appointment: 0 },
  ],
  staffing: [
    {
      window: 'W1',
      speed: 1.0,
      shifts: [
        { from: '08:30', to: '12:00', end: 'hard' },
        { from: '13:00', to: '17:30', end: 'drain' },
      ],
      breaks: [{ at: '15:00', minutes: 10 }],
    },
    {
      window: 'W2',
      speed: 1.1,
      shifts: [
        { from: '08:30', to: '12:45', end: 'hard' },
        { from: '13:45', to: '17:30', end: 'drain' },
      ],
      breaks: [{ at: '10:30', minutes: 10 }],
    },
    {
      window: 'W3',
      speed: 0.95,
      shifts: [{ from: '08:30', to: '17:30', end: 'drain' }],
      breaks: [
        { at: '11:15', minutes: 15 },
        { at: '15:45', minutes: 15 },
      ],
    },
    {
      window: 'W4',
      speed: 1.0,
      shifts: [
        { from: '09:00', to: '12:00', end: 'hard' },
        { from: '13:30', to: '17:30', end: 'drain' },
      ],
      breaks: [],
    },
  ],
  curve: {
    morningPeak: '09:15',
    afternoonPeak: '14:30',
    peakWidthMin: 50,
    afternoonWeight: 0.6,
    base: 0.3,
    lunch: { from: '12:00', to: '13:30', factor: 0.35 },
    doorBurst: 0.08,
  },
  patienceMin: 400,
  forgottenRate: 0.003,
  returnAfterNoShow: 0.3,
}

const personal = ['ss', 'med', 'hf', 'permit']
const comprehensive = (
  id: string,
  speed: number,
  lunch: [string, string] | null,
  breaks: WindowStaffing['breaks'],
): WindowStaffing => ({
  window: id,
  speed,
  shifts: lunch
    ? [
        { from: '09:00', to: lunch[0], end: 'hard' },
        { from: lunch[1], to: '17:00', end: 'drain' },
      ]
    : [{ from: '09:00', to: '17:00', end: 'drain' }],
  breaks,
})
const elastic = (id: string, speed: number): WindowStaffing => ({
  window: id,
  speed,
  shifts: [
    { from: '09:30', to: '11:30', end: 'hard' },
    { from: '14:00', to: '16:30', end: 'hard' },
  ],
  breaks: [],
})

/** A city hall: 24 windows, one-window-for-all (一窗通办) comprehensive windows with weights,
 *  elastic windows at the peaks, open through lunch with staggered breaks, many appointments. */
export const cityHall: HallDay = {
  id: 'city',
  title: 'City hall: 24 windows, weighted comprehensive windows, elastic peak windows, 25% appointments',
  hall: 'sim-city',
  document: {
    name: '市民中心行政服务大厅',
    nameEn: 'City Citizen Centre',
    timezone: 'Asia/Shanghai',
    hours: { weekly: weekdays([{ open: '09:00', close: '17:00' }]) },
    services: [
      { id: 'ss', name: '社会保险', nameEn: 'Social insurance', prefix: 'A', meanHandlingMinutes: 10 },
      { id: 'med', name: '医疗保障', nameEn: 'Medical insurance', prefix: 'B', meanHandlingMinutes: 8 },
      { id: 'hf', name: '住房公积金', nameEn: 'Housing fund', prefix: 'C', meanHandlingMinutes: 10 },
      { id: 'permit', name: '出入境证件', nameEn: 'Exit-entry permits', prefix: 'E', meanHandlingMinutes: 8 },
      { id: 'tax', name: '税务', nameEn: 'Taxation', prefix: 'G', meanHandlingMinutes: 15 },
      { id: 'biz', name: '商事登记', nameEn: 'Business registration', prefix: 'H', meanHandlingMinutes: 20 },
      { id: 'consult', name: '综合咨询', nameEn: 'Enquiries', prefix: 'K', meanHandlingMinutes: 5 },
    ],
    windows: [
      ...Array.from({ length: 10 }, (_, i) => ({
        id: String(i + 1),
        name: `${i + 1}号综合窗口`,
        services: personal,
        policy: { mode: 'weighted' as const, weights: { ss: 1.5, med: 1.5, hf: 1, permit: 1 }, agingMinutes: 45 },
      })),
      ...Array.from({ length: 4 }, (_, i) => ({
        id: String(i + 11),
        name: `${i + 11}号出入境窗口`,
        services: ['permit'],
      })),
      ...Array.from({ length: 5 }, (_, i) => ({
        id: String(i + 15),
        name: `${i + 15}号税务窗口`,
        services: ['tax', 'biz'],
        policy: { mode: 'order' as const },
      })),
      { id: '20', name: '20号商事窗口', services: ['biz', 'tax'], policy: { mode: 'order' } },
      { id: '21', name: '21号商事窗口', services: ['biz', 'tax'], policy: { mode: 'order' } },
      { id: '22', name: '22号咨询台', services: ['consult'] },
      { id: '23', name: '23号咨询台', services: ['consult'] },
      { id: '24', name: '24号弹性窗口', services: ['consult', 'ss', 'med'], policy: { mode: 'order' } },
    ],
  },
  traffic: [
    { service: 'ss', perDay: 200, medianSec: 510, sigma: 0.6, noShow: 0.06, green: 0.05, appointment: 0.25 },
    { service: 'med', perDay: 170, medianSec: 420, sigma: 0.6, noShow: 0.06, green: 0.05, appointment: 0.25 },
    { service: 'hf', perDay: 100, medianSec: 540, sigma: 0.55, noShow: 0.05, green: 0.02, appointment: 0.3 },
    { service: 'permit', perDay: 190, medianSec: 400, sigma: 0.45, noShow: 0.04, green: 0.03, appointment: 0.35 },
    { service: 'tax', perDay: 110, medianSec: 720, sigma: 0.65, noShow: 0.05, green: 0.01, appointment: 0.2 },
    { service: 'biz', perDay: 55, medianSec: 1000, sigma: 0.6, noShow: 0.05, green: 0.01, appointment: 0.3 },
    { service: 'consult', perDay: 150, medianSec: 210, sigma: 0.7, noShow: 0.08, green: 0.05, appointment: 0 },
  ],
  staffing: [
    comprehensive('1', 1.0, ['12:00', '13:00'], [{ at: '10:45', minutes: 15 }]),
    comprehensive('2', 0.9, ['12:00', '13:00'], [{ at: '15:15', minutes: 15 }]),
    comprehensive('3', 1.1, ['12:00', '13:00'], []),
    comprehensive('4', 1.0, ['12:00', '13:00'], [{ at: '10:15', minutes: 10 }]),
    comprehensive('5', 1.2, ['12:45', '13:45'], [{ at: '15:45', minutes: 15 }]),
    comprehensive('6', 0.95, ['12:45', '13:45'], []),
    comprehensive('7', 1.05, ['12:45', '13:45'], [{ at: '11:00', minutes: 10 }]),
    comprehensive('8', 1.0, null, [{ at: '14:45', minutes: 15 }]),
    elastic('9', 1.1),
    elastic('10', 1.0),
    ...['11', '12', '13', '14'].map((id, i) =>
      comprehensive(id, 0.9 + 0.1 * i, i < 2 ? ['12:00', '13:00'] : ['12:45', '13:45'], []),
    ),
    ...['15', '16', '17', '18', '19'].map((id, i) =>
      comprehensive(
        id,
        0.95 + 0.05 * i,
        i % 2 === 0 ? ['12:00', '13:00'] : null,
        i === 1 ? [{ at: '10:30', minutes: 15 }] : [],
      ),
    ),
    comprehensive('20', 1.0, ['12:15', '13:15'], []),
    comprehensive('21', 1.1, ['12:15', '13:15'], [{ at: '15:00', minutes: 15 }]),
    comprehensive('22', 1.0, ['12:00', '13:00'], []),
    comprehensive('23', 1.0, null, []),
    elastic('24', 0.9),
  ],
  curve: {
    morningPeak: '10:00',
    afternoonPeak: '15:00',
    peakWidthMin: 60,
    afternoonWeight: 0.85,
    base: 0.35,
    lunch: { from: '12:00', to: '13:30', factor: 0.45 },
    doorBurst: 0.04,
  },
  patienceMin: 400,
  forgottenRate: 0.003,
  returnAfterNoShow: 0.3,
}

export const HALL_DAYS: HallDay[] = [demoDistrict, township, cityHall]
