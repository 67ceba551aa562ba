// Load through one or more core instances while something fails: kiosks issuing (each request
// with its own Idempotency-Key, retried with the same key on another instance after a network
// error or 5xx) and clerks calling, starting, completing and marking no-shows at their windows.
// Records what each client was told, so the test can compare it with what the store holds.
import { setTimeout as sleep } from 'node:timers/promises'
import { failover } from './http.ts'
import { pickService, WINDOWS } from './hall.ts'

export interface IssuedRecord {
  key: string
  id: string
  number: string
  status: number
  attempts: number
}

export interface CalledRecord {
  window: string
  id: string
  number: string
}

export interface LoadResult {
  issued: IssuedRecord[]
  called: CalledRecord[]
  /** Answers that are neither success nor expected (4xx other than those a race explains). */
  unexpected: string[]
  retries: number
}

export interface LoadOptions {
  bases: () => string[]
  hall: string
  /** Token a kiosk issues with (idempotency keys are scoped to it). */
  kioskToken: string
  clerkToken: string
  issuers: number
  /** Pause between one issuer's tickets (ms). */
  issueGapMs: number
  callGapMs: number
  stop: AbortSignal
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const r: LoadResult = { issued: [], called: [], unexpected: [], retries: 0 }
  const api = `/api/v1/halls/${o.hall}`

  const issuer = async (n: number): Promise<void> => {
    for (let i = 0; !o.stop.aborted; i++) {
      const key = `kiosk${n}-${i}`
      const { answer, attempts } = await failover(o.bases, n + i, 'POST', `${api}/tickets`, {
        token: o.kioskToken,
        headers: { 'idempotency-key': key },
        body: { service: pickService(n + i) },
      })
      r.retries += attempts - 1
      if (answer.status === 201 || answer.status === 200)
        r.issued.push({ key, id: answer.body.id, number: answer.body.number, status: answer.status, attempts })
      else r.unexpected.push(`issue ${key}: ${answer.status} ${JSON.stringify(answer.body)}`)
      await sleep(o.issueGapMs)
    }
  }

  const clerk = async (window: string, n: number): Promise<void> => {
    for (let i = 0; !o.stop.aborted; i++) {
      const { answer, attempts } = await failover(o.bases, n + i, 'POST', `${api}/windows/${window}/call-next`, {
        token: o.clerkToken,
      })
      r.retries += attempts - 1
      if (answer.status === 204) {
        await sleep(o.callGapMs)
        continue
      }
      if (answer.status !== 200) {
        r.unexpected.push(`call-next ${window}: ${answer.status} ${JSON.stringify(answer.body)}`)
        continue
      }
      const t = answer.body.ticket
      r.called.push({ window, id: t.id, number: t.number })
      // The mix: most are started and completed, some are no-shows, the rest ended by the next call.
      const follow = i % 10 < 6 ? ['start', 'complete'] : i % 10 < 8 ? ['no-show'] : []
      for (const step of follow) {
        const f = await failover(o.bases, n + i, 'POST', `${api}/tickets/${t.id}/${step}`, { token: o.clerkToken })
        // A retry after a lost answer finds the step already done: 409 is the honest answer then.
        if (f.answer.status !== 200 && !(f.attempts > 1 && f.answer.status === 409))
          r.unexpected.push(`${step} ${t.number}: ${f.answer.status} ${JSON.stringify(f.answer.body)}`)
      }
      await sleep(o.callGapMs)
    }
  }

  await Promise.all([...Array.from({ length: o.issuers }, (_, n) => issuer(n)), ...WINDOWS.map((w, n) => clerk(w, n))])
  return r
}
