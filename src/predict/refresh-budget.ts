// A CPU budget for the forecasts of one core instance. A forecast of a busy hall costs a few ms
// (a forward simulation of every waiting ticket); an instance following hundreds of busy halls
// would otherwise spend a core on forecasts and slow the live path, which comes first. The budget
// is a token bucket in milliseconds of CPU: it fills at `share` ms per ms of wall time, up to
// `burstMs`, and every refresh takes its measured cost out of it. A refresh starts only while
// the bucket is not empty, so over any long stretch forecasts use at most `share` of one core;
// when halls want more, each hall's forecast is simply refreshed less often (it stays valid: the
// request path counts it down, src/predict/hall-forecasts.ts).

export interface RefreshBudgetOptions {
  /** Share of one core forecasts may use (0 < share ≤ 1). */
  share: number
  /** Bucket size in ms of CPU: the burst allowed after a quiet stretch (default 1 s worth of share). */
  burstMs?: number
  now?: () => number
}

export class RefreshBudget {
  private readonly share: number
  private readonly burstMs: number
  private readonly now: () => number
  private tokensMs: number
  private filledAt: number

  constructor(opts: RefreshBudgetOptions) {
    if (!(opts.share > 0 && opts.share <= 1)) throw new RangeError('share must be in (0, 1]')
    this.share = opts.share
    this.burstMs = opts.burstMs ?? opts.share * 1000
    this.now = opts.now ?? (() => performance.now())
    this.tokensMs = this.burstMs
    this.filledAt = this.now()
  }

  /** How long to wait before the next refresh may start (0: now). */
  delayMs(): number {
    this.fill()
    return this.tokensMs > 0 ? 0 : Math.ceil(-this.tokensMs / this.share) + 1
  }

  /** A refresh took `ms` of CPU. It may overdraw the bucket (the next ones wait longer), but the
   *  debt is capped at one bucket: a start that forecasts thousands of halls at once must not
   *  silence every forecast for minutes afterwards. */
  spend(ms: number): void {
    this.fill()
    this.tokensMs = Math.max(-this.burstMs, this.tokensMs - ms)
  }

  private fill(): void {
    const t = this.now()
    this.tokensMs = Math.min(this.burstMs, this.tokensMs + (t - this.filledAt) * this.share)
    this.filledAt = t
  }
}
