/* global URLSearchParams */
// The manager view's link to the report page, carrying the hall and the manager's token.
const link = document.getElementById('reports-link')
if (link) {
  const here = new URLSearchParams(window.location.search)
  const q = new URLSearchParams()
  if (here.get('hall')) q.set('hall', here.get('hall'))
  const token = here.get('token') ?? window.localStorage.getItem('qms.manager.token')
  if (token) q.set('token', token)
  if (here.get('lang')) q.set('lang', here.get('lang'))
  link.href = `reports.html?${q}`
}
