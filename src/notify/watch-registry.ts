// Who wants to hear about which ticket. `to` is always stored sealed (src/identity/sealer.ts).
// `claim` makes each notification go out once even when every core instance watches the hall.

export interface Watch {
  hall: string
  ticket: string
  to: string // sealed recipient address
  aheadAt: number // notify when this many people (or fewer) are ahead
}

export interface WatchRegistry {
  put(w: Watch): Promise<void>
  get(hall: string, ticket: string): Promise<Watch | null>
  list(hall: string): Promise<Watch[]>
  remove(hall: string, ticket: string): Promise<void>
  /** True for exactly one caller per hall, ticket and kind. */
  claim(hall: string, ticket: string, kind: string): Promise<boolean>
  /** Halls that have (or recently had) watches. */
  halls(): Promise<string[]>
  close(): Promise<void>
}

export class MemoryWatchRegistry implements WatchRegistry {
  private readonly watches = new Map<string, Map<string, Watch>>()
  private readonly claimed = new Set<string>()

  async put(w: Watch): Promise<void> {
    let hall = this.watches.get(w.hall)
    if (!hall) this.watches.set(w.hall, (hall = new Map()))
    hall.set(w.ticket, { ...w })
  }

  async get(hall: string, ticket: string): Promise<Watch | null> {
    const w = this.watches.get(hall)?.get(ticket)
    return w ? { ...w } : null
  }

  async list(hall: string): Promise<Watch[]> {
    return [...(this.watches.get(hall)?.values() ?? [])].map((w) => ({ ...w }))
  }

  async remove(hall: string, ticket: string): Promise<void> {
    this.watches.get(hall)?.delete(ticket)
  }

  async claim(hall: string, ticket: string, kind: string): Promise<boolean> {
    const key = `${hall}|${ticket}|${kind}`
    if (this.claimed.has(key)) return false
    this.claimed.add(key)
    return true
  }

  async halls(): Promise<string[]> {
    return [...this.watches.keys()]
  }

  async close(): Promise<void> {}
}
