// Hall-local clock arithmetic for the statistics (hour of day, 15-minute slot, business day).
// Halls in China have no daylight saving, so one UTC offset per hall is exact; for zones that
// do have it, the offset is re-read from Intl once per UTC hour.

export const SLOT_MS = 15 * 60_000
export const SLOTS_PER_DAY = 96

export class LocalClock {
  /** UTC hour → offset: forecasts look hours ahead and back, so one cached hour is not enough. */
  private readonly offsets = new Map<number, number>()
  private formatter: Intl.DateTimeFormat | null = null

  /** Either a fixed offset (minutes east of UTC) or an IANA time zone. */
  constructor(private readonly zone: { utcOffsetMin: number } | { timezone: string }) {}

  offsetMs(at: number): number {
    if ('utcOffsetMin' in this.zone) return this.zone.utcOffsetMin * 60_000
    const hour = Math.floor(at / 3600_000)
    let offset = this.offsets.get(hour)
    if (offset === undefined) {
      if (this.offsets.size > 1000) this.offsets.clear()
      this.formatter ??= formatterFor(this.zone.timezone)
      this.offsets.set(hour, (offset = zoneOffsetMs(this.formatter, hour * 3600_000)))
    }
    return offset
  }

  /** Milliseconds since local midnight. */
  msOfDay(at: number): number {
    const local = at + this.offsetMs(at)
    return ((local % 86_400_000) + 86_400_000) % 86_400_000
  }

  hourOf(at: number): number {
    return Math.floor(this.msOfDay(at) / 3600_000)
  }

  slotOf(at: number): number {
    return Math.floor(this.msOfDay(at) / SLOT_MS)
  }

  /** Days since the epoch in local time: changes at local midnight. */
  dayOf(at: number): number {
    return Math.floor((at + this.offsetMs(at)) / 86_400_000)
  }

  /** Epoch ms of the local midnight that starts the day containing `at`. */
  midnightOf(at: number): number {
    return at - this.msOfDay(at)
  }
}

const formatterFor = (timeZone: string): Intl.DateTimeFormat =>
  new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  })

/** Offset at a whole UTC hour (zones change offset only on whole hours or half hours past them). */
function zoneOffsetMs(formatter: Intl.DateTimeFormat, at: number): number {
  const parts = formatter.formatToParts(new Date(at))
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0)
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return asUtc - Math.floor(at / 1000) * 1000
}
