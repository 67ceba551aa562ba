// The hall's device registry, read from the hall document's `devices` list. Each profile is
// checked and completed with defaults here; a bad value is reported and replaced by its default
// (a device with a typo in its profile still works, and the log says what was ignored).
import { isDeviceType, type DeviceType } from '../../src/mqtt/topics.ts'
import type { Charset } from './render/charset.ts'

export type LedDriverKind = 'mqtt-json' | 'serial-led'
export type SpeakerDriverKind = 'mqtt-json' | 'audio'
export type PrinterDriverKind = 'mqtt-json' | 'escpos'

export interface ScreenProfile {
  cols: number
  rows: number
  charset: Charset
}
export interface LedProfile extends ScreenProfile {
  driver: LedDriverKind
  path: string | null
  address: number
}
export interface BoardProfile {
  recent: number
  languages: string[]
}
export interface SpeakerProfile {
  languages: string[]
  repeat: number
  chime: boolean
  driver: SpeakerDriverKind
  playCommand: string[] | null
  outDir: string | null
}
export interface EvaluatorProfile {
  grades: number
  timeoutSec: number
}
export type KeypadProfile = ScreenProfile
export interface PrinterProfile {
  width: number
  driver: PrinterDriverKind
  target: string | null
  kiosk: string | null
  charset: Charset
}
export interface KioskProfile {
  languages: string[]
  printer: string | null
}

interface ProfileByType {
  led: LedProfile
  board: BoardProfile
  speaker: SpeakerProfile
  evaluator: EvaluatorProfile
  keypad: KeypadProfile
  printer: PrinterProfile
  kiosk: KioskProfile
}

export type Device = {
  [T in DeviceType]: { id: string; type: T; window: string | null; name: string | null; profile: ProfileByType[T] }
}[DeviceType]
export type DeviceOf<T extends DeviceType> = Extract<Device, { type: T }>

export interface Registry {
  hall: string
  devices: Device[]
  byId: Map<string, Device>
  warnings: string[]
}

type Raw = Record<string, unknown>

class ProfileReader {
  constructor(
    private readonly raw: Raw,
    private readonly where: string,
    private readonly warnings: string[],
  ) {}
  private bad(key: string, why: string): void {
    this.warnings.push(`${this.where}.profile.${key}: ${why}; default used`)
  }
  int(key: string, def: number, min: number, max: number): number {
    const v = this.raw[key]
    if (v === undefined) return def
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v
    this.bad(key, `must be an integer ${min}..${max}`)
    return def
  }
  oneOf<T extends string>(key: string, def: T, allowed: readonly T[]): T {
    const v = this.raw[key]
    if (v === undefined) return def
    const hit = allowed.find((a) => typeof v === 'string' && a.toUpperCase() === v.toUpperCase())
    if (hit) return hit
    this.bad(key, `must be one of ${allowed.join(', ')}`)
    return def
  }
  str(key: string): string | null {
    const v = this.raw[key]
    if (v === undefined) return null
    if (typeof v === 'string' && v.length > 0 && v.length <= 256) return v
    this.bad(key, 'must be a non-empty string')
    return null
  }
  bool(key: string, def: boolean): boolean {
    const v = this.raw[key]
    if (v === undefined) return def
    if (typeof v === 'boolean') return v
    this.bad(key, 'must be true or false')
    return def
  }
  languages(def: string[]): string[] {
    const v = this.raw.languages
    if (v === undefined) return def
    if (Array.isArray(v) && v.length > 0 && v.every((l) => l === 'zh' || l === 'en')) return [...new Set(v as string[])]
    this.bad('languages', 'must list zh and/or en')
    return def
  }
  words(key: string): string[] | null {
    const v = this.raw[key]
    if (v === undefined) return null
    if (Array.isArray(v) && v.length > 0 && v.every((w) => typeof w === 'string')) return v as string[]
    this.bad(key, 'must be a list of strings (program and arguments)')
    return null
  }
}

const CHARSETS = ['GB2312', 'GBK', 'UTF-8'] as const

function readProfile(type: DeviceType, r: ProfileReader): ProfileByType[DeviceType] {
  switch (type) {
    case 'led':
      return {
        cols: r.int('cols', 16, 2, 256),
        rows: r.int('rows', 2, 1, 16),
        charset: r.oneOf('charset', 'GB2312', CHARSETS),
        driver: r.oneOf('driver', 'mqtt-json', ['mqtt-json', 'serial-led'] as const),
        path: r.str('path'),
        address: r.int('address', 1, 0, 255),
      }
    case 'board':
      return { recent: r.int('recent', r.int('rows', 8, 1, 50), 1, 50), languages: r.languages(['zh']) }
    case 'speaker':
      return {
        languages: r.languages(['zh']),
        repeat: r.int('repeat', 1, 1, 5),
        chime: r.bool('chime', true),
        driver: r.oneOf('driver', 'mqtt-json', ['mqtt-json', 'audio'] as const),
        playCommand: r.words('playCommand'),
        outDir: r.str('outDir'),
      }
    case 'evaluator':
      return { grades: r.int('grades', 5, 2, 10), timeoutSec: r.int('timeoutSec', 30, 5, 600) }
    case 'keypad':
      return {
        cols: r.int('cols', 16, 2, 64),
        rows: r.int('rows', 2, 1, 8),
        charset: r.oneOf('charset', 'GB2312', CHARSETS),
      }
    case 'printer':
      return {
        width: r.int('width', 48, 16, 96),
        driver: r.oneOf('driver', 'mqtt-json', ['mqtt-json', 'escpos'] as const),
        target: r.str('target'),
        kiosk: r.str('kiosk'),
        charset: r.oneOf('charset', 'GBK', CHARSETS),
      }
    case 'kiosk':
      return { languages: r.languages(['zh', 'en']), printer: r.str('printer') }
  }
}

/** Builds the registry from a hall document (anything with a `devices` array; other fields ignored). */
export function buildRegistry(hall: string, document: unknown): Registry {
  const warnings: string[] = []
  const devices: Device[] = []
  const list = (document as { devices?: unknown } | null)?.devices
  const windows = new Set(((document as { windows?: { id: string }[] } | null)?.windows ?? []).map((w) => w.id))
  for (const [i, item] of (Array.isArray(list) ? list : []).entries()) {
    const raw = (item ?? {}) as Raw
    const where = `devices[${i}]`
    if (typeof raw.id !== 'string' || !/^[A-Za-z0-9_-]{1,32}$/.test(raw.id) || !isDeviceType(raw.type)) {
      warnings.push(`${where}: needs an id and a known type; skipped`)
      continue
    }
    const window = typeof raw.window === 'string' ? raw.window : null
    if (
      (raw.type === 'led' || raw.type === 'keypad' || raw.type === 'evaluator') &&
      (window === null || !windows.has(window))
    ) {
      warnings.push(`${where} (${raw.id}): a ${raw.type} needs the id of one of the hall's windows; skipped`)
      continue
    }
    const profile = readProfile(raw.type, new ProfileReader((raw.profile ?? {}) as Raw, where, warnings))
    devices.push({
      id: raw.id,
      type: raw.type,
      window,
      name: typeof raw.name === 'string' ? raw.name : null,
      profile,
    } as Device)
  }
  return { hall, devices, byId: new Map(devices.map((d) => [d.id, d])), warnings }
}

export const devicesOf = <T extends DeviceType>(reg: Registry, type: T): DeviceOf<T>[] =>
  reg.devices.filter((d): d is DeviceOf<T> => d.type === type)

/** The printer that prints a kiosk's tickets: kiosk.profile.printer, a printer naming the kiosk, or `printer-{kioskId}`. */
export function printerForKiosk(reg: Registry, kioskId: string): DeviceOf<'printer'> | null {
  const printers = devicesOf(reg, 'printer')
  const kiosk = reg.byId.get(kioskId)
  const named = kiosk?.type === 'kiosk' ? kiosk.profile.printer : null
  return (
    printers.find((p) => p.id === named) ??
    printers.find((p) => p.profile.kiosk === kioskId) ??
    printers.find((p) => p.id === `printer-${kioskId}`) ??
    null
  )
}
