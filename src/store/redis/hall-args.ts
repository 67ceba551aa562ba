// The compact, per-configuration-version arguments the scripts need, computed once per cached
// runtime so that a script never decodes the whole hall configuration.
import type { HallRuntime, QueueId } from '../../domain/types.ts'
import { hallKeys, type HallKeys } from './keys.ts'

/** Queue keys passed to a script after its fixed keys, and the JSON array naming them. */
export interface QueueSet {
  ids: string
  keys: string[]
}

export interface HallArgs {
  hall: string
  version: number
  runtime: HallRuntime
  keys: HallKeys
  bands: string // {classId: band}
  services: string // {serviceId: {m: mode, w: windows}}
  allQueues: QueueSet
  /** For issue: s:<service> (assigned mode: then its windows' queues), and the service's settings. */
  issue(service: string): { queues: QueueSet; svc: string }
  /** For call-next: the window's own queue then its services' queues, and its policy. */
  call(window: string): { queues: QueueSet; cfg: string }
}

const memo = <T>(make: (id: string) => T): ((id: string) => T) => {
  const cache = new Map<string, T>()
  return (id) => {
    let v = cache.get(id)
    if (v === undefined) cache.set(id, (v = make(id)))
    return v
  }
}

export function hallArgs(hall: string, version: number, runtime: HallRuntime): HallArgs {
  const keys = hallKeys(hall)
  const queueSet = (ids: QueueId[]): QueueSet => ({ ids: JSON.stringify(ids), keys: ids.map(keys.queue) })
  const services = Object.fromEntries(
    runtime.serviceOrder.map((id) => [id, { m: runtime.services[id]!.mode, w: runtime.services[id]!.windows }]),
  )
  return {
    hall,
    version,
    runtime,
    keys,
    bands: JSON.stringify(Object.fromEntries(runtime.classBands.map((c, band) => [c, band]))),
    services: JSON.stringify(services),
    allQueues: queueSet([
      ...runtime.serviceOrder.map((s): QueueId => `s:${s}`),
      ...runtime.windowOrder.map((w): QueueId => `w:${w}`),
    ]),
    issue: memo((id) => {
      const s = runtime.services[id]!
      const svc = { p: s.prefix, m: s.mode, d: s.digits, h: s.meanHandlingSec, l: s.dailyLimit ?? -1, w: s.windows }
      const own = s.mode === 'assigned' ? s.windows.map((w): QueueId => `w:${w}`) : []
      return { queues: queueSet([`s:${id}`, ...own]), svc: JSON.stringify(svc) }
    }),
    call: memo((id) => {
      const w = runtime.windows[id]!
      const cfg = { s: w.services, p: w.policy, nb: runtime.classBands.length - 1 }
      return { queues: queueSet([`w:${id}`, ...w.services.map((s): QueueId => `s:${s}`)]), cfg: JSON.stringify(cfg) }
    }),
  }
}
