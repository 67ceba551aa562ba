// Erlang C (M/M/c) and Erlang A (M/M/c+M): how many windows a queue needs to call a share of
// its tickets within a target wait. Pure numerics, no I/O.
//
// Service level here is the hall's definition: the share of tickets *called* within the target
// wait. With abandonment (Erlang A) a citizen who gives up still has a ticket that is called later
// (a no-show), so the figure is the offered wait V (the wait a ticket would have had), which is
// what both the Erlang A literature's P(V ≤ t) and the hall's counters measure.

export interface QueueLoad {
  arrivalsPerHour: number
  meanServiceSec: number
  /** Mean patience before a citizen gives up (exponential). Absent: nobody leaves (Erlang C). */
  patienceMeanSec?: number
}

export interface Target {
  waitSec: number // e.g. 900 (15 minutes)
  level: number // e.g. 0.8: 80 % called within waitSec
}

/** Offered load in Erlangs (busy windows an infinite hall would need). */
export const offeredLoad = (q: QueueLoad): number => (q.arrivalsPerHour / 3600) * q.meanServiceSec

/** Erlang B blocking probability, by the stable recursion B(k) = aB(k-1)/(k + aB(k-1)). */
export function erlangB(servers: number, load: number): number {
  let b = 1
  for (let k = 1; k <= servers; k++) b = (load * b) / (k + load * b)
  return b
}

/** Erlang C: probability that an arrival waits. 1 when the queue is unstable (load ≥ servers). */
export function erlangC(servers: number, load: number): number {
  if (load <= 0) return 0
  if (servers <= 0 || load >= servers) return 1
  const b = erlangB(servers, load)
  return (servers * b) / (servers - load * (1 - b))
}

const hasPatience = (q: QueueLoad): boolean => q.patienceMeanSec !== undefined && q.patienceMeanSec > 0

/** P(called within waitSec) for `servers` windows. Erlang C, or Erlang A when patience is set. */
export function serviceLevel(servers: number, q: QueueLoad, waitSec: number): number {
  if (q.arrivalsPerHour <= 0) return 1
  if (servers <= 0) return 0
  if (hasPatience(q)) return erlangA(servers, q).offeredWaitWithin(waitSec)
  const a = offeredLoad(q)
  if (a >= servers) return 0
  return 1 - erlangC(servers, a) * Math.exp((-(servers - a) * waitSec) / q.meanServiceSec)
}

/** Mean wait of all arrivals (seconds); Infinity when an Erlang C queue is unstable. */
export function meanWait(servers: number, q: QueueLoad): number {
  if (q.arrivalsPerHour <= 0) return 0
  if (servers <= 0) return Infinity
  if (hasPatience(q)) return erlangA(servers, q).meanQueue / (q.arrivalsPerHour / 3600)
  const a = offeredLoad(q)
  if (a >= servers) return Infinity
  return (erlangC(servers, a) * q.meanServiceSec) / (servers - a)
}

/** Service level for a fractional number of windows (a window shared between queues):
 *  linear between the neighbouring whole numbers. */
export function serviceLevelFractional(servers: number, q: QueueLoad, waitSec: number): number {
  const lo = Math.floor(servers)
  const hi = Math.ceil(servers)
  const slLo = serviceLevel(lo, q, waitSec)
  if (hi === lo) return slLo
  return slLo + (servers - lo) * (serviceLevel(hi, q, waitSec) - slLo)
}

export interface Staffing {
  servers: number
  serviceLevel: number
  meanWaitSec: number
  load: number
}

/** The fewest windows that reach the target (at least `min`, at most `max`; `max` if none does). */
export function staffFor(q: QueueLoad, target: Target, min = 0, max = 500): Staffing {
  const a = offeredLoad(q)
  // Erlang C below the load is unstable; Erlang A can be stable there, so start lower.
  let c = Math.max(min, hasPatience(q) ? Math.floor(a / 2) : Math.floor(a))
  if (q.arrivalsPerHour <= 0) c = min
  for (; c < max; c++) {
    if (serviceLevel(c, q, target.waitSec) >= target.level) break
  }
  return { servers: c, serviceLevel: serviceLevel(c, q, target.waitSec), meanWaitSec: meanWait(c, q), load: a }
}

// ---- Erlang A by its birth–death chain --------------------------------------------------------

export interface ErlangAResult {
  /** P(an arrival waits at all). */
  probWait: number
  /** Mean number waiting. */
  meanQueue: number
  /** Share of arrivals who give up before being called: θ E[Q] / λ. */
  abandonment: number
  /** P(offered wait ≤ t): the share that would be called within t. */
  offeredWaitWithin: (t: number) => number
}

const TAIL_EPS = 1e-12
const MAX_QUEUE = 20000

/** Stationary distribution of M/M/c+M (births λ, deaths min(n,c)μ + max(0,n−c)θ), truncated
 *  where the tail is negligible. Exact up to that truncation. */
export function erlangA(servers: number, q: QueueLoad): ErlangAResult {
  const lambda = q.arrivalsPerHour / 3600
  const mu = 1 / q.meanServiceSec
  const theta = hasPatience(q) ? 1 / q.patienceMeanSec! : 0
  const death = (n: number): number => Math.min(n, servers) * mu + Math.max(0, n - servers) * theta
  const weights: number[] = [1]
  let total = 1
  for (let n = 1; n <= servers + MAX_QUEUE; n++) {
    const w = (weights[n - 1]! * lambda) / death(n)
    weights.push(w)
    total += w
    if (total > 1e250) {
      for (let i = 0; i < weights.length; i++) weights[i]! /= total
      total = 1
    }
    if (n > servers && w < TAIL_EPS * total && lambda < death(n)) break
  }
  const pi = weights.map((w) => w / total)
  let probWait = 0
  let meanQueue = 0
  for (let n = servers; n < pi.length; n++) {
    probWait += pi[n]!
    meanQueue += (n - servers) * pi[n]!
  }
  const queueMass = pi.slice(servers) // arrivals that find j = n − c ahead of them (PASTA)
  return {
    probWait,
    meanQueue,
    abandonment: lambda > 0 ? (theta * meanQueue) / lambda : 0,
    offeredWaitWithin: (t) => 1 - offeredWaitBeyond(queueMass, servers * mu, theta, t),
  }
}

/** P(V > t): a waiting arrival with j ahead moves up at rate cμ + jθ (a call, or someone ahead
 *  giving up) and is called from j = 0 at rate cμ. Computed by uniformization of that chain. */
function offeredWaitBeyond(mass: number[], serviceRate: number, theta: number, t: number): number {
  if (mass.length === 0) return 0
  const rate = (j: number): number => serviceRate + j * theta
  const uniform = rate(mass.length - 1)
  const lt = uniform * t
  let p = mass.slice()
  let remaining = p.reduce((s, x) => s + x, 0)
  let logWeight = -lt // Poisson(m; lt) in logs so a long horizon does not underflow
  let beyond = 0
  let cumulative = 0
  for (let m = 0; cumulative < 1 - 1e-12 && remaining > 1e-14; m++) {
    if (m > 0) logWeight += Math.log(lt) - Math.log(m)
    const w = Math.exp(logWeight)
    beyond += w * remaining
    cumulative += w
    const next = new Array<number>(p.length).fill(0)
    for (let j = 0; j < p.length; j++) {
      const move = rate(j) / uniform
      next[j]! += p[j]! * (1 - move)
      if (j > 0) next[j - 1]! += p[j]! * move
      else remaining -= p[j]! * move // called
    }
    p = next
    if (m > lt + 40 * Math.sqrt(lt + 1) + 50) break
  }
  return Math.min(1, Math.max(0, beyond))
}
