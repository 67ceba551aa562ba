// Crash of the embedded default: one core process on the in-process store with its journal
// (QUEUE_JOURNAL) and PGlite (PGLITE_DIR), as `npm start` runs it, killed with SIGKILL in the
// middle of issuing and calling, then started again on the same files. Kiosks keep retrying the
// same Idempotency-Key until the core is back. Nothing acknowledged is lost, nothing doubled,
// and the kiosk's token still works after the restart.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { openJournaledStore } from '../../src/store/memory/journaled-store.ts'
import { auditRun } from './helpers/audit.ts'
import { coreProcess } from './helpers/core-process.ts'
import { record } from './helpers/figures.ts'
import { newHallId } from './helpers/hall.ts'
import { call } from './helpers/http.ts'
import { runLoad } from './helpers/load.ts'
import { setupHall } from './helpers/setup.ts'

// Processes start and stop here: more than tap's default 2 minutes on a busy machine, and
// RELIABILITY_LONG=1 runs for minutes.
t.setTimeout(process.env.RELIABILITY_LONG === '1' ? 15 * 60_000 : 5 * 60_000)

const ADMIN = 'reliability-admin-token-embedded'

t.test('kill -9 of the embedded core (journal + PGlite) loses and doubles nothing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'qms-rel-embedded-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const journal = join(dir, 'queue-journal.ndjson')
  const core = await coreProcess(t, {
    QUEUE_JOURNAL: journal,
    PGLITE_DIR: join(dir, 'pglite'),
    ADMIN_TOKEN: ADMIN,
    IDENTITY_KEY: 'b'.repeat(64),
  })
  await core.start()
  const hall = newHallId('embedded')
  const tokens = await setupHall(core.url, hall, ADMIN)

  const stop = new AbortController()
  const running = runLoad({
    bases: () => [core.url],
    hall,
    kioskToken: tokens.kiosk,
    clerkToken: tokens.clerk,
    issuers: 4,
    issueGapMs: 20,
    callGapMs: 40,
    stop: stop.signal,
  })
  await sleep(2000)
  await core.kill9()
  await core.start()
  await sleep(1500)
  stop.abort()
  const load = await running
  t.same(load.unexpected, [], 'no unexpected answers (tokens minted before the crash still work)')
  t.ok(load.retries > 0, `clients had to retry (${load.retries} retries)`)
  await core.stop()

  // The journal, replayed here as the next start would, is the store's whole history.
  const { store } = await openJournaledStore(journal)
  const events = await store.eventsSince(hall, 0, 1_000_000)
  const figures = await auditRun(t, load, events, async (id) => (await store.getTicket(hall, id))?.number ?? null)

  // And once more through the restarted process: replayed keys return the original tickets.
  await core.start()
  let replayed = 0
  for (const rec of load.issued.slice(-200)) {
    const r = await call(core.url, 'POST', `/api/v1/halls/${hall}/tickets`, {
      token: tokens.kiosk,
      headers: { 'idempotency-key': rec.key },
      body: { service: rec.number[0] },
    })
    if (r.status === 200 && r.body.id === rec.id) replayed++
  }
  t.equal(replayed, Math.min(200, load.issued.length), 'a retried key returns the original ticket')
  t.ok(load.issued.length > 50, `${load.issued.length} tickets issued, ${load.called.length} called`)
  await record('crash-embedded', { called: load.called.length, retries: load.retries, ...figures })
  await core.stop()
})
