// A bounded set of recently seen message ids: enough to drop QoS 1 redeliveries and retried
// commands without growing forever.
export class RecentIds {
  private readonly ids = new Set<string>()
  constructor(private readonly capacity = 128) {}

  /** True the first time an id is seen; false for a duplicate. */
  add(id: string): boolean {
    if (this.ids.has(id)) return false
    this.ids.add(id)
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value as string)
    return true
  }

  has(id: string): boolean {
    return this.ids.has(id)
  }
}
