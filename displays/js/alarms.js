// Alarms for the manager view, derived from the live picture (a first, client-side version):
// windows paused too long, services with people waiting and no open window, long waits.
import { elapsedText, serviceLabel, windowLabel } from './format.js'
import { t } from './i18n.js'
import { oldestText } from './clerk-support.js'

export const DEFAULT_LIMITS = { pausedMinutes: 15, waitMinutes: 30 }

/** Current alarms, most severe first: [{level: 'alarm'|'warn', key, text}]. */
export function deriveAlarms(model, doc, limits = DEFAULT_LIMITS, now = Date.now()) {
  const out = []
  for (const w of model.windows.values()) {
    if (w.status === 'paused' && w.since && now - w.since >= limits.pausedMinutes * 60000) {
      const text =
        t('alarm.pausedLong', { window: windowLabel(doc, w.id), elapsed: elapsedText(w.since, now) }) +
        (w.reason ? ` (${w.reason})` : '')
      out.push({ level: 'warn', key: `paused:${w.id}`, text })
    }
  }
  for (const s of model.services.values()) {
    if (s.waiting > 0 && s.openWindows === 0) {
      out.push({
        level: 'alarm',
        key: `stranded:${s.id}`,
        text: t('alarm.noOpenWindow', { service: serviceLabel(doc, s.id), n: s.waiting }),
      })
    }
    const oldest = model.oldestWait(s.id, now)
    if (oldest !== null && oldest >= limits.waitMinutes * 60000) {
      out.push({
        level: 'warn',
        key: `wait:${s.id}`,
        text: t('alarm.longWait', { service: serviceLabel(doc, s.id), wait: oldestText(oldest, now) }),
      })
    }
  }
  return out.sort((a, b) => (a.level === b.level ? 0 : a.level === 'alarm' ? -1 : 1))
}
