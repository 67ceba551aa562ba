// Query-string parameters every page reads (hall, token, window, ticket, lang…).
/* global URLSearchParams */
const query = new URLSearchParams(location.search)

/** A query parameter, or `fallback` when absent or empty. */
export function param(name, fallback = null) {
  const v = query.get(name)
  return v === null || v === '' ? fallback : v
}

/**
 * The bearer token of this page: `?token=` wins (and is remembered under `storageKey`, so a
 * display that is reloaded from a bookmark without it keeps working), else the remembered one.
 */
export function pageToken(storageKey) {
  const fromQuery = param('token')
  try {
    if (fromQuery) localStorage.setItem(storageKey, fromQuery)
    return fromQuery ?? localStorage.getItem(storageKey)
  } catch {
    return fromQuery // storage can be disabled (private mode): the query still works
  }
}

export function requireParam(name) {
  const v = param(name)
  if (v === null) throw new Error(`missing ?${name}= in the address`)
  return v
}
