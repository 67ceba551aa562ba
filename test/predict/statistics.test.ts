// The learned statistics: robust to outliers, warm-started from the configured prior, and the
// error model that turns a raw forecast into a calibrated median and interval.
import t from 'tap'
import {
  applyRatio,
  bucketOf,
  calibrated,
  createCalibration,
  DEFAULT_CALIBRATION,
  logRatio,
  observe,
  quantilesFor,
} from '../../src/domain/predict/calibration.ts'
import { lognormalResidualMean, muForMean, normalCdf, normalQuantile } from '../../src/domain/predict/lognormal.ts'
import { robustFromPrior, robustUpdate } from '../../src/domain/predict/robust-log.ts'
import { HandlingStats } from '../../src/predict/handling-stats.ts'
import { RateStats } from '../../src/predict/rate-stats.ts'
import { Rng } from '../../bench/sim/rng.ts'

t.test('lognormal helpers', async (t) => {
  t.ok(Math.abs(normalCdf(0) - 0.5) < 1e-7)
  t.ok(Math.abs(normalCdf(1.2815515655) - 0.9) < 1e-6)
  t.ok(Math.abs(normalQuantile(0.9) - 1.2815515655) < 1e-6)
  t.ok(Math.abs(normalQuantile(normalCdf(-2.3)) + 2.3) < 1e-5, 'quantile inverts the CDF')
  // A 600 s mean with almost no spread, 200 s elapsed: 400 s left.
  t.ok(Math.abs(lognormalResidualMean(muForMean(600, 0.001), 0.001, 200) - 400) < 1)
  // Long-tailed: the longer it has run, the longer it is expected to run on (not memoryless).
  const mu = muForMean(600, 0.8)
  t.ok(lognormalResidualMean(mu, 0.8, 1200) > lognormalResidualMean(mu, 0.8, 300))
})

t.test('the robust estimator finds the median and shrugs off a 2-hour service left open', async (t) => {
  const rng = new Rng(5)
  let s = robustFromPrior(Math.log(300), 0.6, 5)
  for (let i = 0; i < 300; i++) s = robustUpdate(s, rng.lognormal(600, 0.5))
  t.ok(Math.abs(Math.exp(s.mu) - 600) < 60, `median ≈ 600 s (got ${Math.exp(s.mu).toFixed(0)})`)
  t.ok(Math.abs(s.sigma - 0.5) < 0.12, `log-scale ≈ 0.5 (got ${s.sigma.toFixed(2)})`)
  const before = Math.exp(s.mu)
  const after = Math.exp(robustUpdate(s, 7200).mu)
  t.ok(
    after / before < 1.03,
    `one 7200 s outlier moves the median by ${(100 * (after / before - 1)).toFixed(1)}% (< 3%)`,
  )
  // A plain running mean over the same window would jump by (7200 - 600) / 60 = 110 s (18%).
})

t.test('handling times: warm start from the configured mean, then learned per service, window and hour', async (t) => {
  const h = new HandlingStats(() => 900)
  const prior = h.query('A', 'W1', 10)
  t.ok(Math.abs(prior.meanSec - 900) < 1, 'before any data: the configured meanHandlingSec')
  const rng = new Rng(9)
  for (let i = 0; i < 400; i++) {
    const slow = i % 2 === 0
    h.observe('A', slow ? 'W1' : 'W2', 10, rng.lognormal(slow ? 600 : 300, 0.3))
  }
  const w1 = h.query('A', 'W1', 10).meanSec
  const w2 = h.query('A', 'W2', 10).meanSec
  t.ok(w1 > 1.5 * w2, `the slow clerk's window is learned as slower (${w1.toFixed(0)} s vs ${w2.toFixed(0)} s)`)
  t.ok(w1 > 500 && w1 < 800 && w2 > 250 && w2 < 400)
})

t.test('no-show rate, gap and cancellation hazard', async (t) => {
  const r = new RateStats()
  for (let i = 0; i < 200; i++) r.observeCall('A', i % 10 === 0, i % 10 === 0 ? 90 : 600)
  t.ok(Math.abs(r.noShow('A').rate - 0.1) < 0.03)
  t.ok(r.noShow('B').rate < 0.1, 'an unseen service starts near zero')
  for (let i = 0; i < 100; i++) r.observeWaitEnd('A', 600, i % 20 === 0)
  // 5 cancels over 100 × 600 s of waiting, plus the prior (1 in 50 h).
  t.ok(Math.abs(r.abandonPerSec('A') - 6 / (60_000 + 180_000)) < 1e-5)
  for (let i = 0; i < 50; i++) r.observeGap(i === 0 ? 3600 : 12)
  t.ok(r.gapSec() < 20, 'one long idle spell does not define the gap (capped)')
})

t.test('calibration: median correction and a 10–90% band from past residuals', async (t) => {
  const c = createCalibration()
  const prior = calibrated(c, 600)
  t.equal(prior.etaSec, 600, 'no data: the raw forecast')
  t.ok(prior.p10 < 600 && prior.p90 > 600)
  // Forecasts of 600 s whose outcomes are 0.8×, 0.9×, … 1.6× (in the log-ratio with offset).
  const rng = new Rng(3)
  for (let i = 0; i < 400; i++) observe(c, 600, 600 * Math.exp(0.2 + 0.3 * rng.normal()))
  const q = quantilesFor(c, 600)
  t.ok(Math.abs(q.q50 - 0.2 * (600 / 660)) < 0.05, `median log-ratio ≈ 0.18 (got ${q.q50.toFixed(3)})`)
  const cal = calibrated(c, 600)
  t.ok(cal.etaSec > 650 && cal.etaSec < 760, 'the systematic under-forecast is corrected')
  // The band holds 80% of outcomes drawn the same way.
  let inside = 0
  for (let i = 0; i < 2000; i++) {
    const actual = 600 * Math.exp(0.2 + 0.3 * rng.normal())
    if (actual >= cal.p10 && actual <= cal.p90) inside++
  }
  t.ok(Math.abs(inside / 2000 - 0.8) < 0.04, `coverage ${(inside / 20).toFixed(1)}%`)
  t.equal(applyRatio(c, 0, -5), 0, 'never negative')
  t.ok(quantilesFor(c, 30).q50 > 0.1, 'a thin bucket borrows from its neighbours')
  const small = createCalibration({ ...DEFAULT_CALIBRATION, window: 300 })
  for (let i = 0; i < 400; i++) observe(small, 600, 600 + i)
  t.equal(
    small.buckets.reduce((n, b) => n + b.length, 0),
    300,
    'bounded memory: the oldest residuals make way',
  )
  t.ok(Math.min(...small.buckets[bucketOf(small, 600)]!) >= logRatio(small, 600, 700), 'and they are the ones dropped')
})
