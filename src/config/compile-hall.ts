// Compiles a validated hall document into the runtime the queue engine works from: plain records
// with every default resolved, seconds instead of minutes, and class bands in calling order.

import type { HallDocument } from './hall-document.ts'
import {
  NORMAL_CLASS,
  type HallRuntime,
  type PriorityClassRuntime,
  type ServiceRuntime,
  type WindowRuntime,
} from '../domain/types.ts'

export function compileHall(hallId: string, doc: HallDocument): HallRuntime {
  const services: Record<string, ServiceRuntime> = {}
  for (const s of doc.services) {
    services[s.id] = {
      id: s.id,
      prefix: s.prefix,
      mode: s.mode,
      digits: s.digits,
      meanHandlingSec: Math.round(s.meanHandlingMinutes * 60),
      dailyLimit: s.dailyLimit ?? null,
      windows: doc.windows.filter((w) => w.services.includes(s.id)).map((w) => w.id),
    }
  }

  const windows: Record<string, WindowRuntime> = {}
  for (const w of doc.windows) {
    // Every served service gets an explicit weight so the Lua side never needs a default.
    const weights = Object.fromEntries(w.services.map((id) => [id, w.policy.weights[id] ?? 1]))
    windows[w.id] = {
      id: w.id,
      services: [...w.services],
      policy: {
        mode: w.policy.mode,
        weights,
        maxConsecutivePriority: w.policy.maxConsecutivePriority,
        agingSec: Math.round(w.policy.agingMinutes * 60),
      },
    }
  }

  // Ranks are unique (the validator checks), so this order is total.
  const ranked = [...doc.priorityClasses].sort((a, b) => b.rank - a.rank)
  const classes: Record<string, PriorityClassRuntime> = { [NORMAL_CLASS]: { id: NORMAL_CLASS, rank: 0 } }
  for (const c of ranked) classes[c.id] = { id: c.id, rank: c.rank }

  return {
    hall: hallId,
    timezone: doc.timezone,
    services,
    serviceOrder: doc.services.map((s) => s.id),
    windows,
    windowOrder: doc.windows.map((w) => w.id),
    classes,
    classBands: [...ranked.map((c) => c.id), NORMAL_CLASS],
    rules: {
      maxRecalls: doc.rules.maxRecalls,
      noShowRequeue: doc.rules.noShow.requeue,
      maxRequeues: doc.rules.noShow.maxRequeues,
    },
  }
}
