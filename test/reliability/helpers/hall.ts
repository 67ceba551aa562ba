// The hall the failure tests run: always open (no hours), three services, four windows, so
// calling policy, transfers and no-shows all happen under load.
import { randomUUID } from 'node:crypto'

export const newHallId = (what: string): string => `rel-${what}-${randomUUID().slice(0, 8)}`

export const WINDOWS = ['W1', 'W2', 'W3', 'W4'] as const

export const reliabilityHall = () => ({
  name: '可靠性测试大厅',
  nameEn: 'Reliability hall',
  timezone: 'Asia/Shanghai',
  services: [
    { id: 'A', name: '社保', prefix: 'A', meanHandlingMinutes: 5 },
    { id: 'B', name: '户籍', prefix: 'B', meanHandlingMinutes: 8 },
    { id: 'C', name: '公积金', prefix: 'C', meanHandlingMinutes: 6 },
  ],
  windows: [
    { id: 'W1', name: '1号窗口', services: ['A', 'B'] },
    { id: 'W2', name: '2号窗口', services: ['A'] },
    { id: 'W3', name: '3号窗口', services: ['B', 'C'] },
    { id: 'W4', name: '4号窗口', services: ['C', 'A'] },
  ],
})

/** The realistic mix of services at a kiosk: half A, a third B, the rest C. */
export const pickService = (n: number): string => (n % 6 < 3 ? 'A' : n % 6 < 5 ? 'B' : 'C')
