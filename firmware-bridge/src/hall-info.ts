// The parts of the hall document the bridge renders with: names, window labels, services.
export interface WindowInfo {
  id: string
  name: string
  label: string // the number people hear and read: "3" for 3号窗口
  services: string[]
}

export interface ServiceInfo {
  id: string
  name: string
  nameEn: string | null
}

export interface HallInfo {
  name: string
  timezone: string
  notice: string | null
  windows: Map<string, WindowInfo>
  services: Map<string, ServiceInfo>
}

/** "3号窗口" → "3", "10号综合窗口" → "10"; otherwise a numeric id; otherwise the name itself. */
export function windowLabel(id: string, name: string | undefined): string {
  const fromName = name ? /^(\d{1,4})号/.exec(name) : null
  if (fromName) return fromName[1]!
  if (/^\d{1,4}$/.test(id)) return id
  const trailing = /(\d{1,4})$/.exec(id)
  return trailing ? trailing[1]! : (name ?? id)
}

interface DocLike {
  name?: string
  timezone?: string
  notice?: string
  windows?: { id: string; name?: string; services?: string[] }[]
  services?: { id: string; name?: string; nameEn?: string }[]
}

export function hallInfo(document: unknown): HallInfo {
  const d = (document ?? {}) as DocLike
  return {
    name: d.name ?? '',
    timezone: d.timezone ?? 'Asia/Shanghai',
    notice: d.notice ?? null,
    windows: new Map(
      (d.windows ?? []).map((w) => [
        w.id,
        { id: w.id, name: w.name ?? w.id, label: windowLabel(w.id, w.name), services: w.services ?? [] },
      ]),
    ),
    services: new Map(
      (d.services ?? []).map((s) => [s.id, { id: s.id, name: s.name ?? s.id, nameEn: s.nameEn ?? null }]),
    ),
  }
}
