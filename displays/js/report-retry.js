// Fetching a report while its statistics may still be being built: the server answers 503
// QMS_ERR_REPORT_PREPARING with {built, missing} days and Retry-After; this waits and asks again
// until the report comes (or another answer), telling the page the progress. No DOM: unit-tested.

const defaultSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Resolves to the first answer that is not "preparing" (a Response), or null when `isCancelled()`
 * says a newer request replaced this one. `onPreparing({built, missing})` is called on each wait.
 */
export async function fetchPrepared(
  doFetch,
  url,
  init,
  { onPreparing = () => {}, isCancelled = () => false, sleep = defaultSleep, maxWaitSec = 30 } = {},
) {
  for (;;) {
    const res = await doFetch(url, init)
    if (res.status !== 503) return res
    const body = await res
      .clone()
      .json()
      .catch(() => null)
    if (body?.code !== 'QMS_ERR_REPORT_PREPARING') return res
    if (isCancelled()) return null
    const built = Number(body.details?.built ?? 0)
    const missing = Number(body.details?.missing ?? 0)
    onPreparing({ built, missing })
    const retryAfter = Number(res.headers.get('retry-after'))
    await sleep(
      Math.min(Math.max(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 5, 1), maxWaitSec) * 1000,
    )
    if (isCancelled()) return null
  }
}
