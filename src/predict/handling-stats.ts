// How long a window is busy with one ticket (called → done), learned online per service, with
// a per-window effect (a slow or fast clerk) and an hour-of-day effect (hall-wide, refined per
// service once there is enough data), all in log space and robust (see
// src/domain/predict/robust-log.ts): log mean = service + window + hour + service·hour.
// Warm start: the configured meanHandlingSec with a small pseudo-count, then history replayed
// through the same updates.
import { muForMean, lognormalMean } from '../domain/predict/lognormal.ts'
import {
  DEFAULT_ROBUST,
  effectUpdate,
  robustFromPrior,
  robustUpdate,
  shrunk,
  type RobustEffect,
  type RobustLog,
} from '../domain/predict/robust-log.ts'

export interface HandlingOptions {
  priorSigma: number // log-scale assumed before data (0.6: a 10-minute median, 90% within 4–27 min)
  priorCount: number // how many observations the configured mean is worth
  memory: number // observations after which old ones fade (per service)
  effectPseudo: number // observations a window or hour effect needs before it counts half
  serviceHourPseudo: number // the same for the per-service hour refinement (sparse: shrunk hard)
}

export const DEFAULT_HANDLING: HandlingOptions = {
  priorSigma: 0.6,
  priorCount: 5,
  memory: 100,
  effectPseudo: 10,
  serviceHourPseudo: 40,
}

export interface HandlingState {
  services: Record<string, RobustLog>
  windows: Record<string, RobustEffect> // across services
  hours: Record<string, RobustEffect> // hour of day, across services
  serviceHours: Record<string, RobustEffect> // `${service}|${hour}`
}

export class HandlingStats {
  state: HandlingState = { services: {}, windows: {}, hours: {}, serviceHours: {} }

  constructor(
    private readonly priorMeanSec: (service: string) => number,
    private readonly opts: HandlingOptions = DEFAULT_HANDLING,
  ) {}

  private service(id: string): RobustLog {
    return (this.state.services[id] ??= robustFromPrior(
      muForMean(this.priorMeanSec(id), this.opts.priorSigma),
      this.opts.priorSigma,
      this.opts.priorCount,
    ))
  }

  observe(service: string, window: string, hour: number, seconds: number): void {
    if (!(seconds > 0)) return
    const s = this.service(service)
    const st = this.state
    const x = Math.log(seconds)
    const shKey = `${service}|${hour}`
    const { effectPseudo: p, serviceHourPseudo: q } = this.opts
    const effects = {
      w: shrunk(st.windows[window], p),
      h: shrunk(st.hours[hour], p),
      sh: shrunk(st.serviceHours[shKey], q),
    }
    // Backfitting: each part learns from what the others do not explain.
    const rest = x - s.mu - effects.w - effects.h - effects.sh
    const zero = { value: 0, n: 0 }
    st.windows[window] = effectUpdate(st.windows[window] ?? zero, rest + effects.w, s.sigma, this.opts.memory)
    st.hours[hour] = effectUpdate(st.hours[hour] ?? zero, rest + effects.h, s.sigma, this.opts.memory)
    st.serviceHours[shKey] = effectUpdate(st.serviceHours[shKey] ?? zero, rest + effects.sh, s.sigma, this.opts.memory)
    st.services[service] = robustUpdate(s, seconds / Math.exp(effects.w + effects.h + effects.sh), {
      ...DEFAULT_ROBUST,
      memory: this.opts.memory,
    })
  }

  /** Mean occupancy and log-scale for (service, window, hour). */
  query(service: string, window: string, hour: number): { meanSec: number; sigma: number } {
    const s = this.service(service)
    const { effectPseudo: p, serviceHourPseudo: q } = this.opts
    const st = this.state
    const mu =
      s.mu +
      shrunk(st.windows[window], p) +
      shrunk(st.hours[hour], p) +
      shrunk(st.serviceHours[`${service}|${hour}`], q)
    return { meanSec: lognormalMean(mu, s.sigma), sigma: s.sigma }
  }
}
