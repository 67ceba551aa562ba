// Replays a hall's events through the predictors. Each forecast is made when its ticket is
// issued, from the events up to that moment only; it is scored against the ticket's first call.
// Tickets never called (cancelled, still waiting) have no actual wait and are not scored.
import type { Forecast, Predictor, Step } from './predictor.ts'

export interface Scored {
  ticket: string
  service: string
  cls: string
  issuedAt: number
  actualSec: number
  forecasts: Record<string, Forecast>
}

export interface EvaluateOptions {
  /** Only tickets issued at or after this time are scored (earlier ones are warm-up history). */
  scoreFrom?: number
}

export function evaluate(steps: Iterable<Step>, predictors: Predictor[], opts: EvaluateOptions = {}): Scored[] {
  const pending = new Map<string, Omit<Scored, 'actualSec'>>()
  const scored: Scored[] = []
  const from = opts.scoreFrom ?? -Infinity
  for (const step of steps) {
    if ('runtime' in step) {
      for (const p of predictors) p.configure(step.runtime)
      continue
    }
    const e = step.event
    for (const p of predictors) p.onEvent(e)
    if (!e.ticket) continue
    if (e.type === 'ticket.issued' && e.at >= from) {
      const forecasts: Record<string, Forecast> = {}
      for (const p of predictors) Object.assign(forecasts, p.forecast(e.ticket, e.at))
      pending.set(e.ticket, {
        ticket: e.ticket,
        service: e.service ?? '',
        cls: e.class ?? 'normal',
        issuedAt: e.at,
        forecasts,
      })
    } else if (e.type === 'ticket.called') {
      const p = pending.get(e.ticket)
      if (p) scored.push({ ...p, actualSec: Math.max(0, (e.at - p.issuedAt) / 1000) })
      pending.delete(e.ticket)
    } else if (e.type === 'ticket.cancelled' || e.type === 'ticket.transferred') {
      pending.delete(e.ticket)
    }
  }
  return scored
}
