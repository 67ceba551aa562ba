// Formatting shared by the pages: waits, durations, window labels and the spoken announcement.
import { getLang, localName, t } from './i18n.js'

/** "约 12 分钟" / "about 12 min"; 0 → "即将办理". */
export function waitText(minutes) {
  if (minutes === null || minutes === undefined || Number.isNaN(minutes)) return '—'
  return minutes <= 0 ? t('wait.soon') : t('wait.minutes', { n: minutes })
}

/** The wait with the forecast's 10–90% interval when there is one (`etaP10Minutes`/`etaP90Minutes`). */
export function waitRangeText(minutes, lo, hi) {
  if (typeof lo !== 'number' || typeof hi !== 'number' || !(minutes > 0) || hi <= lo) return waitText(minutes)
  return t('wait.range', { n: minutes, lo, hi })
}

/** Whole minutes from a duration in ms (at least 0). */
export const minutesOf = (ms) => Math.max(0, Math.floor(ms / 60000))

/** "5 分钟" style elapsed time since `sinceMs`. */
export function elapsedText(sinceMs, now = Date.now()) {
  if (!sinceMs) return '—'
  const min = minutesOf(now - sinceMs)
  if (min < 60) return t('elapsed.minutes', { n: min })
  return t('elapsed.hours', { h: Math.floor(min / 60), m: min % 60 })
}

/** The display name of a window from the hall document, else "3号窗口" / "Window 3". */
export function windowLabel(doc, id) {
  const w = doc?.windows?.find((x) => x.id === id)
  return w ? localName(w) : t('window.fallback', { id })
}

export function serviceLabel(doc, id) {
  const s = doc?.services?.find((x) => x.id === id)
  return s ? localName(s) : id
}

export function hallLabel(doc, fallback) {
  return doc ? localName(doc) : fallback
}

const ZH_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九']

/** A ticket number read out character by character: "A017" → "A零一七" (zh) or "A 0 1 7" (en). */
export function spellNumber(number, lang = 'zh-CN') {
  const chars = [...number]
  if (lang === 'zh-CN') return chars.map((c) => (/\d/.test(c) ? ZH_DIGITS[Number(c)] : c)).join('')
  return chars.join(' ')
}

/** "请A零一七号到3号窗口办理" (zh) / "Number A 0 1 7, please go to Window 3" (en). */
export function announcementText(number, windowName, lang = 'zh-CN') {
  if (lang === 'zh-CN') return `请${spellNumber(number, lang)}号到${windowName}办理`
  return `Number ${spellNumber(number, lang)}, please go to ${windowName}`
}

/** What the caption shows for a call: the number as printed, not spelled. */
export function callCaption(number, windowName) {
  return t('call.caption', { number, window: windowName })
}

export function clockText(now = new Date(), timeZone) {
  const opts = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(timeZone ? { timeZone } : {}) }
  const dateOpts = { month: 'long', day: 'numeric', weekday: 'short', ...(timeZone ? { timeZone } : {}) }
  const locale = getLang()
  return `${now.toLocaleDateString(locale, dateOpts)} ${now.toLocaleTimeString(locale, opts)}`
}

/** Parses an API time (ISO string or epoch ms) to epoch ms; null when absent. */
export function timeMs(v) {
  if (v === null || v === undefined) return null
  if (typeof v === 'number') return v
  const ms = Date.parse(v)
  return Number.isNaN(ms) ? null : ms
}
