// The soak hall: 10 windows, 4 services, the usual devices (an LED per window, keypads, a board,
// a speaker), always open so every simulated day of the week carries traffic.
export const SOAK_WINDOWS = Array.from({ length: 10 }, (_, i) => `W${i + 1}`)

export function soakHall() {
  const services = [
    { id: 'A', name: '社保', prefix: 'A', meanHandlingMinutes: 6 },
    { id: 'B', name: '户籍', prefix: 'B', meanHandlingMinutes: 9 },
    { id: 'C', name: '公积金', prefix: 'C', meanHandlingMinutes: 5 },
    { id: 'D', name: '税务', prefix: 'D', meanHandlingMinutes: 8 },
  ]
  const serves = (i: number): string[] => [services[i % 4]!.id, services[(i + 1) % 4]!.id]
  return {
    name: '浸泡测试大厅',
    nameEn: 'Soak hall',
    timezone: 'Asia/Shanghai',
    services,
    windows: SOAK_WINDOWS.map((id, i) => ({ id, name: `${i + 1}号窗口`, services: serves(i) })),
    devices: [
      ...SOAK_WINDOWS.map((w) => ({ id: `led-${w}`, type: 'led', window: w })),
      ...SOAK_WINDOWS.slice(0, 3).map((w) => ({ id: `kp-${w}`, type: 'keypad', window: w })),
      { id: 'board', type: 'board', profile: { recent: 8, languages: ['zh', 'en'] } },
      { id: 'speaker', type: 'speaker', profile: { languages: ['zh'] } },
    ],
  }
}
