// Commands awaiting acknowledgement. An unacknowledged command is re-sent with the same id (the
// device acks duplicates without executing them again) up to `retries` times, never after its
// expiry; a device that stays silent makes the tracker report it so the bridge raises an alert.
import type { Json } from './protocol/envelope.ts'

interface Waiter {
  resolve: (msg: Json | null) => void
  timer: NodeJS.Timeout
}

export class CommandTracker {
  private readonly acks = new Map<string, Waiter>()
  private readonly events = new Map<string, Waiter>() // key: `${evt}:${ref}`

  /** Routes an ack (`ref` = command id). */
  ack(msg: Json): void {
    const ref = msg.ref
    if (typeof ref === 'string') this.settle(this.acks, ref, msg)
  }

  /** Routes a device event that completes a command (e.g. evt/played with `ref`). */
  event(name: string, msg: Json): void {
    const ref = msg.ref
    if (typeof ref === 'string') this.settle(this.events, `${name}:${ref}`, msg)
  }

  waitAck(id: string, timeoutMs: number): Promise<Json | null> {
    return this.wait(this.acks, id, timeoutMs)
  }

  waitEvent(name: string, ref: string, timeoutMs: number): Promise<Json | null> {
    return this.wait(this.events, `${name}:${ref}`, timeoutMs)
  }

  /** Settles every waiter with null (bridge stopping). */
  clear(): void {
    for (const map of [this.acks, this.events]) {
      for (const [key, w] of map) {
        clearTimeout(w.timer)
        w.resolve(null)
        map.delete(key)
      }
    }
  }

  private wait(map: Map<string, Waiter>, key: string, timeoutMs: number): Promise<Json | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        map.delete(key)
        resolve(null)
      }, timeoutMs)
      map.set(key, { resolve, timer })
    })
  }

  private settle(map: Map<string, Waiter>, key: string, msg: Json): void {
    const w = map.get(key)
    if (!w) return
    clearTimeout(w.timer)
    map.delete(key)
    w.resolve(msg)
  }
}
