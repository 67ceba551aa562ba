// Column helpers shared by the row types. Timestamps are timestamptz (read back as Date);
// JSON columns are written as JSON text (both drivers pass strings through unchanged) and read back parsed.
import type { ColumnType } from 'kysely'

export type Timestamp = ColumnType<Date, Date | string, Date | string>
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>
/** jsonb: select gives the parsed value, insert/update take JSON text. */
export type Json<T> = ColumnType<T, string, string>
/** A business date `YYYY-MM-DD` (Postgres `date`, parsed as the plain string by our drivers). */
export type BusinessDate = string
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
export type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>
