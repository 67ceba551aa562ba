// Who is calling, as resolved from a bearer token, and the scope rules every adapter shares
// (HTTP routes, the live channel, the MQTT bridge's device calls).

export type Role = 'admin' | 'manager' | 'clerk' | 'device' | 'display'

export interface Principal {
  tokenId: string
  role: Role
  /** Halls this token may touch; '*' for admins. (Managers of a subtree get the halls under it.) */
  halls: string[] | '*'
  /** Clerks (and window-bound devices such as keypads): the windows they may operate. */
  windows?: string[]
  /** Devices: the device id the token belongs to. */
  device?: string
}

export const coversHall = (p: Principal, hall: string): boolean => p.halls === '*' || p.halls.includes(hall)

/** Any role may read a hall it is scoped to (displays are read-only). */
export const canReadHall = (p: Principal, hall: string): boolean => coversHall(p, hall)

export const canConfigureHall = (p: Principal, hall: string): boolean =>
  p.role === 'admin' || (p.role === 'manager' && coversHall(p, hall))

/** Window actions (call-next, recall, open/pause/close). Clerks and devices only for their windows. */
export const canOperateWindow = (p: Principal, hall: string, window: string): boolean => {
  if (!coversHall(p, hall)) return false
  if (p.role === 'admin' || p.role === 'manager') return true
  if (p.role === 'clerk' || p.role === 'device') return p.windows === undefined || p.windows.includes(window)
  return false
}

/** Issuing tickets: kiosks (device), clerks at reception, managers, admins. Public issuing is separate. */
export const canIssue = (p: Principal, hall: string): boolean => coversHall(p, hall) && p.role !== 'display'
