// Priority first, but never at the cost of starving normal tickets: the consecutive-priority cap
// bounds how many calls a normal ticket can be passed over, and aging bounds how long it waits.
import type { Test } from 'tap'
import { SEC, T0, setupHall, type MakeStore } from './harness.ts'

const spec = (maxConsecutivePriority: number, agingSec?: number) => ({
  services: [{ id: 'A' }],
  windows: [
    {
      id: 'W1',
      services: ['A'],
      policy: agingSec === undefined ? { maxConsecutivePriority } : { maxConsecutivePriority, agingSec },
    },
  ],
})

export function fairnessCases(t: Test, makeStore: MakeStore): void {
  for (const cap of [1, 2, 3]) {
    t.test(
      `green tickets arriving before every call: a normal ticket every ${cap + 1} calls (cap ${cap})`,
      async (t) => {
        const fx = await setupHall(t, makeStore, spec(cap), ['W1'])
        const normals: string[] = []
        for (let i = 0; i < 6; i++) normals.push(await fx.issueId('A'))
        const calledAt = new Map<string, number>() // normal ticket → call index
        const rules: string[] = []
        let priorityRun = 0
        let longestRun = 0
        for (let call = 1; calledAt.size < normals.length && call <= 100; call++) {
          await fx.issue('A', { cls: 'green' })
          const r = await fx.call('W1')
          const ticket = r.ticket!
          rules.push(ticket.rule!)
          if (ticket.class === 'normal') {
            calledAt.set(ticket.id, call)
            priorityRun = 0
          } else longestRun = Math.max(longestRun, ++priorityRun)
        }
        t.equal(calledAt.size, normals.length, 'every normal ticket was called')
        t.equal(longestRun, cap, `never more than ${cap} priority calls in a row`)
        normals.forEach((id, k) => {
          t.equal(calledAt.get(id), (k + 1) * (cap + 1), `normal #${k + 1} called at call ${(k + 1) * (cap + 1)}`)
        })
        t.same(rules.slice(0, cap + 1), [...Array(cap).fill('priority'), 'priority-cap'])
      },
    )
  }

  t.test('aging bounds the wait even when the cap would allow many priority calls', async (t) => {
    const agingSec = 300
    const fx = await setupHall(t, makeStore, spec(1000, agingSec), ['W1'])
    const issuedAt = new Map<string, number>()
    for (let i = 0; i < 3; i++) {
      const r = await fx.issue('A', { now: T0 + i * 60 * SEC })
      issuedAt.set(r.ticket.id, r.ticket.orderAt)
    }
    // One green arrives and one call happens every 60 s.
    const waits: number[] = []
    for (let minute = 3; minute < 40 && waits.length < 3; minute++) {
      const now = T0 + minute * 60 * SEC
      await fx.issue('A', { cls: 'green', now })
      const ticket = (await fx.call('W1', now)).ticket!
      if (ticket.class === 'normal') {
        t.equal(ticket.rule, 'aging')
        waits.push(now - issuedAt.get(ticket.id)!)
      }
    }
    t.equal(waits.length, 3, 'every normal ticket was called')
    t.ok(
      waits.every((w) => w >= agingSec * SEC && w < (agingSec + 60) * SEC),
      'each within one call of agingSec',
    )
  })
}
