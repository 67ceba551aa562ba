// Finding the real services (Redis, Postgres, MQTT) for tests.
// Reachable → use it. Unreachable → under CI the test fails loudly (CI must exercise the real
// services); elsewhere the caller gets null and marks its tests skipped with a visible reason.
import { connectAsync } from 'mqtt'
import { Redis } from 'ioredis'
import pg from 'pg'
import type { Test } from 'tap'

const CONNECT_TIMEOUT_MS = 1500

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
export const POSTGRES_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
export const MQTT_URL = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883'

/** Under CI a missing service is a failure; elsewhere, null (skip). */
function unreachable(t: Test, what: string, url: string, err: unknown): null {
  const msg = `${what} is not reachable at ${url}: ${err instanceof Error ? err.message : String(err)}`
  if (process.env.CI) {
    t.fail(`${msg} (CI is set: tests must use the real ${what})`)
    throw new Error(msg)
  }
  t.comment(`${msg}; tests that need it are skipped`)
  return null
}

/** A connected ioredis client (closed at the end of `t`), or null when Redis is unreachable. */
export async function redisForTests(t: Test): Promise<Redis | null> {
  const client = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null, // fail fast instead of retrying forever
  })
  client.on('error', () => {}) // connection errors surface through connect()/ping() below
  try {
    await client.connect()
    await client.ping()
  } catch (err) {
    client.disconnect()
    return unreachable(t, 'Redis', REDIS_URL, err)
  }
  t.teardown(async () => {
    if (client.status === 'ready') await client.quit()
    else client.disconnect()
  })
  return client
}

/** The Redis URL when Redis answers, else null (or a failure under CI). */
export async function redisUrlForTests(t: Test): Promise<string | null> {
  return (await redisForTests(t)) ? REDIS_URL : null
}

/** The Postgres URL when Postgres answers, else null (or a failure under CI). */
export async function postgresUrlForTests(t: Test): Promise<string | null> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: CONNECT_TIMEOUT_MS })
  try {
    await client.connect()
    await client.query('select 1')
    return POSTGRES_URL
  } catch (err) {
    return unreachable(t, 'Postgres', POSTGRES_URL, err)
  } finally {
    await client.end().catch(() => {})
  }
}

/** The MQTT broker URL when a broker accepts a connection, else null (or a failure under CI). */
export async function mqttUrlForTests(t: Test): Promise<string | null> {
  try {
    const client = await connectAsync(MQTT_URL, {
      connectTimeout: CONNECT_TIMEOUT_MS,
      reconnectPeriod: 0,
      protocolVersion: 4,
    })
    await client.endAsync()
    return MQTT_URL
  } catch (err) {
    return unreachable(t, 'MQTT broker', MQTT_URL, err)
  }
}

/**
 * A fresh, empty Postgres database for this test (dropped at the end of `t`), as a URL; null when
 * Postgres is unreachable (or a failure under CI). Tests that run migrations use this so they
 * never see each other's tables.
 */
export async function freshPostgresUrlForTests(t: Test): Promise<string | null> {
  const base = await postgresUrlForTests(t)
  if (base === null) return null
  const name = `qms_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
  const admin = new pg.Client({ connectionString: base, connectionTimeoutMillis: CONNECT_TIMEOUT_MS })
  await admin.connect()
  try {
    await admin.query(`create database ${name}`)
  } finally {
    await admin.end()
  }
  t.teardown(async () => {
    const c = new pg.Client({ connectionString: base })
    await c.connect()
    try {
      await c.query(`drop database if exists ${name} with (force)`)
    } finally {
      await c.end()
    }
  })
  const url = new URL(base)
  url.pathname = `/${name}`
  return url.toString()
}
