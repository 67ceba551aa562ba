// Telling a citizen about their ticket while they are away from the hall: "N people ahead of
// you" and "your number is called". A Notifier delivers one message; drivers: webhook.ts (an SMS
// or WeChat gateway sits behind it). Messages carry the recipient address the citizen gave and
// nothing else personal; the address is stored sealed and opened only to send.

export type NotificationKind = 'near' | 'called'

export interface Notification {
  id: string // `<hall>:<ticket>:<kind>`: the same for a retry, so a gateway can drop duplicates
  kind: NotificationKind
  hall: string
  ticket: string
  number: string
  service: string
  to: string // the recipient address (phone for SMS, openid for WeChat…), as the citizen gave it
  ahead?: number // near: people ahead now
  etaMinutes?: number
  window?: string // called: where to go
  windowName?: string
  at: number // epoch ms
  text: string // zh-CN then English, ready for an SMS
}

export interface Notifier {
  /** Resolves when delivered; rejects when the driver gave up (the caller logs it). */
  send(n: Notification): Promise<void>
}

export function notificationText(n: Omit<Notification, 'text' | 'id'>): string {
  if (n.kind === 'called') {
    const where = n.windowName ?? (n.window ? `${n.window}号窗口` : '窗口')
    return `请${n.number}号到${where}办理 / ${n.number}, please go to ${n.window ? `window ${n.window}` : 'the window'}`
  }
  const eta = n.etaMinutes !== undefined ? `，预计 ${n.etaMinutes} 分钟 / about ${n.etaMinutes} min` : ''
  return `${n.number}号前面还有 ${n.ahead ?? 0} 人，请尽快回到大厅${eta}${eta ? '; ' : ' / '}${n.ahead ?? 0} ahead of ${n.number}: please come back to the hall`
}
