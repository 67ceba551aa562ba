// A discrete-event scheduler. Virtual time (the benchmarks: a day in a second) or real time with
// a speed-up factor (driving a running system as demo traffic).

interface Job {
  at: number
  seq: number
  run: () => Promise<void> | void
}

export interface TimeSource {
  /** Waits until virtual time `at` may proceed (real-time mode sleeps). */
  reach(at: number): Promise<void>
}

export const virtualTime: TimeSource = { reach: async () => {} }

/** Virtual time runs `speed` times faster than the wall clock, starting at `start` now. */
export function realTime(start: number, speed: number): TimeSource {
  const wallStart = Date.now()
  return {
    async reach(at: number): Promise<void> {
      const wait = wallStart + (at - start) / speed - Date.now()
      if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    },
  }
}

export class Scheduler {
  private readonly heap: Job[] = []
  private seq = 0
  now: number

  constructor(
    start: number,
    private readonly time: TimeSource = virtualTime,
  ) {
    this.now = start
  }

  at(at: number, run: Job['run']): void {
    this.push({ at: Math.max(at, this.now), seq: this.seq++, run })
  }

  after(ms: number, run: Job['run']): void {
    this.at(this.now + ms, run)
  }

  /** Runs jobs in time order until none is left or the next is after `until`. */
  async run(until = Infinity): Promise<void> {
    while (this.heap.length > 0 && this.heap[0]!.at <= until) {
      const job = this.pop()
      await this.time.reach(job.at)
      this.now = job.at
      await job.run()
    }
  }

  private less(i: number, j: number): boolean {
    const a = this.heap[i]!
    const b = this.heap[j]!
    return a.at < b.at || (a.at === b.at && a.seq < b.seq)
  }

  private swap(i: number, j: number): void {
    const t = this.heap[i]!
    this.heap[i] = this.heap[j]!
    this.heap[j] = t
  }

  private push(job: Job): void {
    this.heap.push(job)
    let i = this.heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.less(i, parent)) break
      this.swap(i, parent)
      i = parent
    }
  }

  private pop(): Job {
    const top = this.heap[0]!
    const last = this.heap.pop()!
    if (this.heap.length > 0) {
      this.heap[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < this.heap.length && this.less(l, m)) m = l
        if (r < this.heap.length && this.less(r, m)) m = r
        if (m === i) break
        this.swap(i, m)
        i = m
      }
    }
    return top
  }
}
