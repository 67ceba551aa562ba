// The hall board (大厅综合屏): recent calls, every window's state and current number, and per
// service how many wait and the estimated wait. Boards are screen computers, not MCUs: this
// payload grows with the hall and is not held to the 256-byte MCU limit.
import type { Json } from '../protocol/envelope.ts'

export interface BoardInput {
  recent: { number: string; window: string; label: string; recall: boolean }[] // newest first
  windows: { id: string; label: string; name: string; status: string; number: string | null }[]
  services: { id: string; name: string; nameEn: string | null; waiting: number; etaSec: number }[]
  maxRecent: number
  languages: string[]
}

export function boardDesired(b: BoardInput, id: string, ts: number): Json {
  return {
    id,
    ts,
    recent: b.recent.slice(0, b.maxRecent).map((r) => ({
      num: r.number,
      win: r.window,
      text: `请${r.number}号到${r.label}号窗口`,
      ...(b.languages.includes('en') ? { en: `${r.number} → window ${r.label}` } : {}),
      ...(r.recall ? { recall: true } : {}),
    })),
    windows: b.windows.map((w) => ({ win: w.id, name: w.name, st: w.status, num: w.number })),
    services: b.services.map((s) => ({
      svc: s.id,
      name: s.name,
      ...(b.languages.includes('en') && s.nameEn ? { nameEn: s.nameEn } : {}),
      wait: s.waiting,
      etaMin: Math.ceil(s.etaSec / 60),
    })),
  }
}
