// The kiosk's service buttons, grouped by category, each either available (with its current wait)
// or shown as unavailable with the reason: hall closed now, not served today (document weekdays),
// or refused by the server today (409 QMS_ERR_DAILY_LIMIT / QMS_ERR_SERVICE_UNAVAILABLE).
import { hallOpenNow, serviceRunsToday } from './calendar.js'
import { h } from './dom.js'
import { waitText } from './format.js'
import { localName, t } from './i18n.js'

export const CATEGORIES = ['personal', 'business']

/** `{ok: true}` or `{ok: false, reason}` for a service right now. */
export function availability(doc, service, refused, now = Date.now()) {
  if (!hallOpenNow(doc, now)) return { ok: false, reason: t('kiosk.reason.hallClosed') }
  if (!serviceRunsToday(doc, service, now)) return { ok: false, reason: t('kiosk.reason.notToday') }
  if (refused.has(service.id)) return { ok: false, reason: refused.get(service.id) }
  return { ok: true }
}

/**
 * @param {object} o
 * @param {object} o.doc
 * @param {Map<string, object>} o.live   service id → {waiting, etaMinutes} (may be empty)
 * @param {Map<string, string>} o.refused  service id → reason
 * @param {(service: object, available: {ok: boolean, reason?: string}) => void} o.onPick
 */
export function serviceGroups({ doc, live, refused, onPick }) {
  return CATEGORIES.map((cat) => {
    const services = doc.services.filter((s) => (s.category ?? 'personal') === cat)
    if (services.length === 0) return null
    const headingId = `cat-${cat}`
    return h(
      'section',
      { 'aria-labelledby': headingId },
      h('h3', { id: headingId }, t(`kiosk.cat.${cat}`)),
      h(
        'div',
        { class: 'service-grid' },
        services.map((s) => serviceButton(s, availability(doc, s, refused), live.get(s.id), onPick)),
      ),
    )
  })
}

function serviceButton(service, available, live, onPick) {
  const info = available.ok
    ? live
      ? t('kiosk.waitInfo', { n: live.waiting, wait: waitText(live.etaMinutes) })
      : ''
    : available.reason
  return h(
    'button',
    {
      type: 'button',
      class: 'service-btn',
      'aria-disabled': available.ok ? 'false' : 'true',
      dataset: { service: service.id },
      onclick: () => onPick(service, available),
    },
    h(
      'span',
      { class: 'name' },
      h('span', { class: 'prefix', 'aria-hidden': 'true' }, service.prefix),
      localName(service),
    ),
    info ? h('span', { class: 'info' }, info) : null,
  )
}
