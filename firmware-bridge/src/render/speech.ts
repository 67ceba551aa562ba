// Call announcements. The ticket number is read character by character (A017 → "A零一七"), as
// halls do so that 017 is never heard as 十七; the window number is read as a cardinal (3 → 三,
// 12 → 十二). Also returns the clip sequence an offline speaker concatenates (audio/clips.ts).

const ZH_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const
const EN_DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'] as const

/** A017 → A零一七 (letters stay letters: they are spoken by name). */
export const readDigitsZh = (s: string): string => s.replace(/[0-9]/g, (d) => ZH_DIGITS[Number(d)]!)

/** 1..99 as a cardinal (十, 十二, 二十, 二十一); anything else digit by digit. */
export function cardinalZh(label: string): string {
  if (!/^[0-9]{1,2}$/.test(label) || Number(label) === 0) return readDigitsZh(label)
  const n = Number(label)
  const tens = Math.floor(n / 10)
  const ones = n % 10
  if (tens === 0) return ZH_DIGITS[ones]!
  return `${tens === 1 ? '' : ZH_DIGITS[tens]}十${ones === 0 ? '' : ZH_DIGITS[ones]}`
}

/** Clip keys for a cardinal 1..99 (same reading as cardinalZh), digit by digit otherwise. */
function cardinalClips(label: string): string[] {
  if (!/^[0-9]{1,2}$/.test(label) || Number(label) === 0) return [...label].map((d) => `zh/${d}`)
  const n = Number(label)
  const tens = Math.floor(n / 10)
  const ones = n % 10
  if (tens === 0) return [`zh/${ones}`]
  return [...(tens === 1 ? [] : [`zh/${tens}`]), 'zh/10', ...(ones === 0 ? [] : [`zh/${ones}`])]
}

export interface AnnouncementInput {
  number: string // A017
  windowLabel: string // 3
  languages: string[] // zh and/or en, in speaking order
  repeat: number
  chime: boolean
}

export interface Announcement {
  text: string // 请A017号到3号窗口办理 (what a screen shows)
  say: string // 请A零一七号到三号窗口办理 (what a TTS engine should read)
  en: string | null // Number A017, please go to window 3
  enSay: string | null // Number A, 0, 1, 7, please go to window 3
  /** Offline clip keys for one play-through (chime not included); null when a part has no clip. */
  clips: string[] | null
  repeat: number
  chime: boolean
}

const speakable = /^[A-Z0-9]+$/

export function announcement(a: AnnouncementInput): Announcement {
  const zh = a.languages.includes('zh') || !a.languages.includes('en')
  const en = a.languages.includes('en')
  const text = `请${a.number}号到${a.windowLabel}号窗口办理`
  const say = `请${readDigitsZh(a.number)}号到${cardinalZh(a.windowLabel)}号窗口办理`
  const enText = `Number ${a.number}, please go to window ${a.windowLabel}`
  const enSay = `Number ${[...a.number].map((c) => (/[0-9]/.test(c) ? EN_DIGITS[Number(c)] : c)).join(', ')}, please go to window ${a.windowLabel}`
  let clips: string[] | null = null
  if (speakable.test(a.number) && /^[0-9]+$/.test(a.windowLabel)) {
    clips = []
    if (zh)
      clips.push(
        'zh/qing',
        ...[...a.number].map((c) => `zh/${c}`),
        'zh/hao',
        'zh/dao',
        ...cardinalClips(a.windowLabel),
        'zh/hao',
        'zh/chuangkou',
        'zh/banli',
      )
    if (en)
      clips.push(
        'en/number',
        ...[...a.number].map((c) => `en/${c}`),
        'en/please-go-to-window',
        ...[...a.windowLabel].map((c) => `en/${c}`),
      )
  }
  return {
    text: zh ? text : enText,
    say: zh ? say : enSay,
    en: zh && en ? enText : null,
    enSay: zh && en ? enSay : null,
    clips,
    repeat: a.repeat,
    chime: a.chime,
  }
}

/** Rough spoken length, for waiting on a speaker that never reports back. */
export function estimatedDurationMs(a: Announcement): number {
  const once = [...a.say].length * 280 + (a.enSay ? a.enSay.length * 70 : 0) + (a.chime ? 800 : 0)
  return once * a.repeat
}
