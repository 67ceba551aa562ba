// Every clerk action: its keyboard shortcut (shown on the button and in aria-keyshortcuts), when
// it is possible, and the API call it makes. The buttons and the shortcuts run the same code.
import { t } from './i18n.js'

const tk = (c) => `/tickets/${encodeURIComponent(c.current.id)}`
const win = (c) => `/windows/${encodeURIComponent(c.windowId)}`
const isOpen = (c) => c.window?.status === 'open'
const curIs = (c, ...statuses) => Boolean(c.current && statuses.includes(c.current.status))
const numberOf = (res) => res?.ticket?.number ?? ''

/** @type {Array<{id: string, key: string, group: 'ticket'|'window', variant?: string, enabled: (c: object) => boolean, run: (c: object) => Promise<string>}>} */
export const ACTIONS = [
  {
    id: 'callNext',
    key: 'N',
    group: 'ticket',
    variant: 'primary',
    enabled: isOpen,
    run: async (c) => {
      const res = await c.api.post(`${win(c)}/call-next`)
      return res?.ticket ? t('clerk.msg.called', { number: res.ticket.number }) : t('clerk.msg.nobody')
    },
  },
  {
    id: 'recall',
    key: 'R',
    group: 'ticket',
    enabled: (c) => curIs(c, 'called'),
    run: async (c) => t('clerk.msg.recalled', { number: numberOf(await c.api.post(`${win(c)}/recall`)) }),
  },
  {
    id: 'start',
    key: 'S',
    group: 'ticket',
    enabled: (c) => curIs(c, 'called'),
    run: async (c) => t('clerk.msg.started', { number: numberOf(await c.api.post(`${tk(c)}/start`)) }),
  },
  {
    id: 'complete',
    key: 'C',
    group: 'ticket',
    variant: 'primary',
    enabled: (c) => curIs(c, 'called', 'serving'),
    run: async (c) =>
      t('clerk.msg.completed', {
        number: numberOf(await c.api.post(`${tk(c)}/complete`, c.outcome ? { outcome: c.outcome } : {})),
      }),
  },
  {
    id: 'noShow',
    key: 'X',
    group: 'ticket',
    variant: 'danger',
    enabled: (c) => curIs(c, 'called'),
    run: async (c) => t('clerk.msg.noShow', { number: numberOf(await c.api.post(`${tk(c)}/no-show`)) }),
  },
  {
    id: 'hold',
    key: 'H',
    group: 'ticket',
    enabled: (c) => curIs(c, 'called', 'serving'),
    run: async (c) => t('clerk.msg.held', { number: numberOf(await c.api.post(`${tk(c)}/hold`)) }),
  },
  {
    id: 'resume',
    key: 'M',
    group: 'ticket',
    enabled: (c) => isOpen(c) && !c.current && c.held.length > 0,
    run: async (c) => resumeTicket(c, c.held[0].id),
  },
  {
    id: 'transfer',
    key: 'T',
    group: 'ticket',
    enabled: (c) => Boolean(c.current && c.transferTarget),
    run: async (c) => {
      const [kind, id] = c.transferTarget.split(':')
      const res = await c.api.post(`${tk(c)}/transfer`, kind === 'window' ? { window: id } : { service: id })
      return t('clerk.msg.transferred', { number: numberOf(res) })
    },
  },
  {
    id: 'open',
    key: 'O',
    group: 'window',
    variant: 'primary',
    enabled: (c) => Boolean(c.window) && c.window.status !== 'open',
    run: async (c) => windowChange(c, 'open'),
  },
  {
    id: 'pause',
    key: 'P',
    group: 'window',
    enabled: isOpen,
    run: async (c) => windowChange(c, 'pause', c.pauseReason ? { reason: c.pauseReason } : {}),
  },
  {
    id: 'close',
    key: 'L',
    group: 'window',
    variant: 'danger',
    enabled: (c) => Boolean(c.window) && c.window.status !== 'closed' && !c.current,
    run: async (c) => windowChange(c, 'close'),
  },
]

export async function resumeTicket(c, id) {
  const res = await c.api.post(`/tickets/${encodeURIComponent(id)}/resume`)
  return t('clerk.msg.resumed', { number: numberOf(res) })
}

export async function requeueTicket(c, id) {
  const res = await c.api.post(`/tickets/${encodeURIComponent(id)}/requeue`)
  return t('clerk.msg.requeued', { number: numberOf(res) })
}

async function windowChange(c, segment, body = {}) {
  const res = await c.api.post(`${win(c)}/${segment}`, body)
  return t('clerk.msg.window', { status: t(`window.status.${res.window.status}`) })
}

/**
 * Runs the action whose key was pressed (unless typing in a field or a modifier is held).
 * `click(action)` is the page's button handler, so disabled actions stay disabled.
 */
export function bindShortcuts(click) {
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.repeat) return
    const tag = e.target?.tagName
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return
    const action = ACTIONS.find((a) => a.key === e.key.toUpperCase())
    if (!action) return
    e.preventDefault()
    click(action)
  })
}
