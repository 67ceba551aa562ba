// Hall documents for the HTTP layer: validate + compile + store on PUT, and a short-TTL
// per-instance cache for reads (calendar checks and rendering need the document on every call;
// the store stays the source of truth, so another instance's PUT is seen within the TTL).

import { compileHall } from '../config/compile-hall.ts'
import type { HallDocument } from '../config/hall-document.ts'
import { formatFieldErrors, validateHallDocument, type FieldError } from '../config/validate-hall.ts'
import { QmsError } from '../domain/errors.ts'
import type { HallRuntime } from '../domain/types.ts'
import type { QueueStore } from '../store/port.ts'

export interface LoadedHall {
  hall: string
  document: HallDocument
  runtime: HallRuntime
  version: number
}

export interface ConfigureOutcome extends LoadedHall {
  created: boolean
}

export const DEFAULT_HALL_CACHE_MS = 2000

/** Where accepted documents are kept for good (Postgres): written before the live store, so a
 *  restart, which reloads configuration from there, never falls back to an older document. */
export type SaveHallDocument = (hall: string, document: HallDocument, by: string | null) => Promise<void>

export class HallService {
  private readonly cache = new Map<string, { hall: LoadedHall; expires: number }>()

  constructor(
    private readonly store: QueueStore,
    private readonly now: () => number,
    private readonly ttlMs: number = DEFAULT_HALL_CACHE_MS,
    private readonly save: SaveHallDocument | null = null,
  ) {}

  /** The hall's document and runtime; QMS_ERR_HALL_NOT_FOUND when it was never configured. */
  async load(hall: string): Promise<LoadedHall> {
    const hit = this.cache.get(hall)
    const now = this.now()
    if (hit && hit.expires > now) return hit.hall
    // Expired but unchanged (same config version): keep the parsed document. One small read
    // instead of the whole document; with thousands of halls each seeing a request every few
    // seconds, refetching and parsing documents was most of a request's cost.
    if (hit && this.store.hallMeta) {
      const meta = await this.store.hallMeta(hall)
      if (meta && meta.version === hit.hall.version) {
        hit.expires = now + this.ttlMs
        return hit.hall
      }
    }
    const stored = await this.store.getHall(hall)
    if (!stored) {
      this.cache.delete(hall)
      throw new QmsError('QMS_ERR_HALL_NOT_FOUND', `hall "${hall}" not found`, { hall })
    }
    const loaded: LoadedHall = {
      hall,
      document: stored.document as HallDocument,
      runtime: stored.runtime,
      version: stored.version,
    }
    this.cache.set(hall, { hall: loaded, expires: now + this.ttlMs })
    return loaded
  }

  /** Validates (every error names its field), compiles and stores a document. */
  async configure(hall: string, input: unknown, by: string | null = null): Promise<ConfigureOutcome> {
    const result = validateHallDocument(input)
    if (!result.ok) throw invalidDocument(result.errors)
    const runtime = compileHall(hall, result.document)
    if (this.save) await this.save(hall, result.document, by)
    this.cache.delete(hall)
    const { version, created } = await this.store.configureHall(hall, result.document, runtime, { now: this.now() })
    const loaded: LoadedHall = { hall, document: result.document, runtime, version }
    this.cache.set(hall, { hall: loaded, expires: this.now() + this.ttlMs })
    return { ...loaded, created }
  }

  invalidate(hall: string): void {
    this.cache.delete(hall)
  }
}

function invalidDocument(errors: FieldError[]): QmsError {
  const shown = errors.slice(0, 10)
  const more = errors.length > shown.length ? `; and ${errors.length - shown.length} more` : ''
  return new QmsError(
    'QMS_ERR_VALIDATION',
    `invalid hall document: ${formatFieldErrors(shown).replaceAll('\n', '; ')}${more}`,
    {
      errors: shown,
    },
  )
}
