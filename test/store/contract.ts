// The one contract suite every QueueStore implementation must pass (docs/queue-semantics.md).
// Runners: test/store/memory.test.ts, test/store/redis.test.ts. Each subtest gets a fresh store
// from `makeStore` and its own random hall, and pins the clock, so the suite is deterministic
// and safe to run against a Redis server shared with other tests.
import type { Test } from 'tap'
import { callNextCases } from './contract/call-next.ts'
import { concurrencyCases } from './contract/concurrency.ts'
import { configureCases } from './contract/configure.ts'
import { fairnessCases } from './contract/fairness.ts'
import type { MakeStore } from './contract/harness.ts'
import { issueCases } from './contract/issue.ts'
import { notBeforePersonCases } from './contract/not-before-person.ts'
import { readEventCases } from './contract/reads-events.ts'
import { ticketOpCases } from './contract/ticket-ops.ts'
import { transitionMatrixCases } from './contract/transition-matrix.ts'
import { windowCases } from './contract/windows.ts'

export type { MakeStore } from './contract/harness.ts'

export function runContractSuite(t: Test, makeStore: MakeStore): void {
  t.test('configure', async (t) => configureCases(t, makeStore))
  t.test('issue', async (t) => issueCases(t, makeStore))
  t.test('call next', async (t) => callNextCases(t, makeStore))
  t.test('status table', async (t) => transitionMatrixCases(t, makeStore))
  t.test('ticket operations', async (t) => ticketOpCases(t, makeStore))
  t.test('windows', async (t) => windowCases(t, makeStore))
  t.test('reads and events', async (t) => readEventCases(t, makeStore))
  t.test('priority and fairness', async (t) => fairnessCases(t, makeStore))
  t.test('concurrency', async (t) => concurrencyCases(t, makeStore))
  t.test('not before its time, one ticket per person', async (t) => notBeforePersonCases(t, makeStore))
}
