// Per-device rate limits (a token bucket per key): a device may send a burst of `burst` messages,
// then `perSec` a second. A person at a keypad or an evaluator presses a few times a second at
// most, and a device answers commands one by one, so anything beyond is a fault (a stuck key, a
// firmware loop) or an attack. The bridge drops device input over DEVICE_INPUT_RATE before it
// costs a core API call; the embedded broker disconnects a device publishing over
// DEVICE_PUBLISH_RATE (any topic), so a flood stops at the first hop.
export interface RateGateOptions {
  burst: number
  perSec: number
  /** Minimum time between two `flooding` reports for one key (ms). */
  reportEveryMs: number
}

export const DEVICE_INPUT_RATE: RateGateOptions = { burst: 20, perSec: 10, reportEveryMs: 60_000 }
export const DEVICE_PUBLISH_RATE: RateGateOptions = { burst: 100, perSec: 50, reportEveryMs: 60_000 }

interface Bucket {
  tokens: number
  at: number
  dropped: number
  reportedAt: number
}

export type GateVerdict = { ok: true } | { ok: false; report: boolean; dropped: number }

export class RateGate {
  private readonly buckets = new Map<string, Bucket>()

  constructor(private readonly o: RateGateOptions) {}

  take(key: string, now: number): GateVerdict {
    let b = this.buckets.get(key)
    if (!b) this.buckets.set(key, (b = { tokens: this.o.burst, at: now, dropped: 0, reportedAt: -Infinity }))
    b.tokens = Math.min(this.o.burst, b.tokens + ((now - b.at) / 1000) * this.o.perSec)
    b.at = now
    if (b.tokens >= 1) {
      b.tokens -= 1
      return { ok: true }
    }
    b.dropped += 1
    if (now - b.reportedAt < this.o.reportEveryMs) return { ok: false, report: false, dropped: b.dropped }
    b.reportedAt = now
    const dropped = b.dropped
    b.dropped = 0
    return { ok: false, report: true, dropped }
  }
}
