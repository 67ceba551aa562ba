// includes/selectNext.lua must choose exactly what selectNext (src/domain/select.ts) chooses.
// Random inputs with many ties (few distinct times, several bands, weights) run through both.
import fc from 'fast-check'
import t from 'tap'
import { selectNext, type Candidate, type SelectInput } from '../../src/domain/select.ts'
import type { PolicyMode, QueueId } from '../../src/domain/types.ts'
import { withIncludes } from '../../src/store/redis/scripts.ts'
import { redisForTests } from '../helpers/services.ts'

const NOW = 1_741_000_000_000
const WRAPPER = withIncludes(`--@include "selectNext"
local input = cjson.decode(ARGV[1])
for _, c in ipairs(input.candidates) do
  if c.service == cjson.null then c.service = nil end
end
local chosen = selectNext(input)
if not chosen then return false end
return cjson.encode({ ticketId = chosen.candidate.ticketId, rule = chosen.rule, consecutivePriority = chosen.consecutivePriority })
`)

const inputs = fc
  .record({
    services: fc.shuffledSubarray(['A', 'B', 'C'], { minLength: 1 }),
    normalBand: fc.integer({ min: 0, max: 3 }),
    consecutivePriority: fc.integer({ min: 0, max: 4 }),
    mode: fc.constantFrom<PolicyMode>('fifo', 'order', 'weighted'),
    weights: fc.record({ A: fc.integer({ min: 0, max: 4 }), B: fc.constantFrom(0.5, 1, 2, 3) }),
    maxConsecutivePriority: fc.integer({ min: 0, max: 3 }),
    agingSec: fc.constantFrom(0, 60, 600, 10_000_000, 10_000_000),
    withOwnQueue: fc.boolean(),
    // per queue (own first, then A, B, C) and band: absent, or the head's age in 30 s steps (few distinct values: many ties);
    // a negative age is an orderAt still ahead (an early appointment), which is not called yet
    ages: fc.array(
      fc.array(fc.option(fc.integer({ min: -2, max: 8 }), { nil: null }), { minLength: 4, maxLength: 4 }),
      {
        minLength: 4,
        maxLength: 4,
      },
    ),
  })
  .map((r): SelectInput => {
    const queues: [QueueId, string | null][] = [
      ['w:W1', null],
      ...r.services.map((s): [QueueId, string] => [`s:${s}`, s]),
    ]
    const candidates: Candidate[] = []
    queues.forEach(([queue, service], qi) => {
      if (qi === 0 && !r.withOwnQueue) return
      for (let band = 0; band <= r.normalBand; band++) {
        const age = r.ages[qi]![band]
        if (age === null || age === undefined) continue
        candidates.push({ queue, service, band, orderAt: NOW - age * 30_000, ticketId: `t${qi}${band}${age}` })
      }
    })
    return {
      window: 'W1',
      services: r.services,
      policy: {
        mode: r.mode,
        weights: r.weights,
        maxConsecutivePriority: r.maxConsecutivePriority,
        agingSec: r.agingSec,
      },
      normalBand: r.normalBand,
      consecutivePriority: r.consecutivePriority,
      now: NOW,
      candidates,
    }
  })

t.test('Lua selectNext agrees with the TypeScript one', async (t) => {
  const redis = await redisForTests(t)
  if (!redis) return void t.plan(0, 'Redis not reachable')
  const sha = (await redis.script('LOAD', WRAPPER)) as string
  const rules = new Set<string>()
  await fc.assert(
    fc.asyncProperty(inputs, async (input) => {
      const reply = (await redis.evalsha(sha, 0, JSON.stringify(input))) as string | null
      const lua = reply === null ? null : (JSON.parse(reply) as Record<string, unknown>)
      const ts = selectNext(structuredClone(input))
      const expected = ts && {
        ticketId: ts.candidate.ticketId,
        rule: ts.rule,
        consecutivePriority: ts.consecutivePriority,
      }
      if (ts) rules.add(ts.rule)
      // On a mismatch fast-check shrinks the input and throws it with the counterexample.
      return JSON.stringify(lua) === JSON.stringify(expected)
    }),
    { numRuns: 500, seed: 20250303 },
  )
  t.pass('500 random inputs chose the same ticket, rule and priority streak')
  t.same(
    [...rules].sort(),
    ['aging', 'fifo', 'order', 'priority', 'priority-cap', 'weighted', 'window-queue'],
    'every rule was exercised',
  )
})
