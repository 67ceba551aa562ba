// Each core instance caches every hall's runtime with its config version. Scripts get the cached
// version and answer STALE_CONFIG when the stored one differs; the runner then reloads and retries
// once. A configuration change made through any instance is therefore seen on the next operation.
import type { Cluster, Redis } from 'ioredis'
import type { HallRuntime } from '../../domain/types.ts'
import { hallArgs, type HallArgs } from './hall-args.ts'
import { hallKeys } from './keys.ts'

export class HallCache {
  private readonly halls = new Map<string, HallArgs>()
  private readonly loading = new Map<string, Promise<HallArgs | null>>()

  constructor(private readonly redis: Redis | Cluster) {}

  /** The cached hall, loaded on first use; null when the hall is not configured. */
  async get(hall: string): Promise<HallArgs | null> {
    return this.halls.get(hall) ?? this.reload(hall)
  }

  /** Reads the stored runtime again (concurrent callers share one read). */
  reload(hall: string): Promise<HallArgs | null> {
    let pending = this.loading.get(hall)
    if (!pending) {
      pending = this.read(hall).finally(() => this.loading.delete(hall))
      this.loading.set(hall, pending)
    }
    return pending
  }

  set(hall: string, version: number, runtime: HallRuntime): HallArgs {
    const args = hallArgs(hall, version, runtime)
    const cached = this.halls.get(hall)
    if (!cached || cached.version <= version) this.halls.set(hall, args)
    return args
  }

  forget(hall: string): void {
    this.halls.delete(hall)
  }

  /** True when the stored config version is still `version`. */
  async isCurrent(hall: string, version: number): Promise<boolean> {
    return (await this.redis.hget(hallKeys(hall).hall, 'v')) === String(version)
  }

  private async read(hall: string): Promise<HallArgs | null> {
    const [v, rt] = await this.redis.hmget(hallKeys(hall).hall, 'v', 'rt')
    if (v == null || rt == null) {
      this.halls.delete(hall)
      return null
    }
    const args = hallArgs(hall, Number(v), JSON.parse(rt) as HallRuntime)
    this.halls.set(hall, args)
    return args
  }
}
