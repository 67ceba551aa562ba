// The displays plugin: pages and the QR module served with their security headers, unknown paths
// falling through to the app's JSON 404, the API untouched.
import t from 'tap'
import { startCore } from './harness.ts'

const core = await startCore()
t.teardown(() => core.close())
const get = (path: string) => core.app.inject({ method: 'GET', url: path })

t.test('/ is the index of pages', async (t) => {
  const res = await get('/')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /text\/html/)
  t.match(res.body, 'js/index.js')
  t.match(res.headers['content-security-policy'], "default-src 'self'")
  t.equal(res.headers['referrer-policy'], 'no-referrer', 'tokens in addresses never leave in a Referer')
  t.equal(res.headers['x-content-type-options'], 'nosniff')
})

t.test('every page, script, style and locale is served', async (t) => {
  for (const path of [
    '/board.html',
    '/window.html',
    '/kiosk.html',
    '/clerk.html',
    '/manager.html',
    '/mobile.html',
    '/evaluator.html',
    '/js/live.js',
    '/css/base.css',
    '/locales/zh-CN.json',
    '/locales/en.json',
  ]) {
    const res = await get(path)
    t.equal(res.statusCode, 200, path)
  }
  t.match((await get('/js/live.js')).headers['content-type'], /javascript/)
})

t.test('the QR generator is served as an ES module from its package', async (t) => {
  const res = await get('/vendor/qrcode-generator.mjs')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /text\/javascript/)
  t.match(res.body, 'export default qrcode')
  t.match(res.body, 'MIT', 'the licence notice travels with it')
})

t.test('unknown paths get the API’s JSON 404; the API is not shadowed', async (t) => {
  const missing = await get('/no-such-page.html')
  t.equal(missing.statusCode, 404)
  t.match(missing.json(), { statusCode: 404, code: 'QMS_ERR_NOT_FOUND' })
  const api = await get('/api/v1/halls/nowhere/state')
  t.equal(api.statusCode, 401, 'API routes still answer (auth first)')
  t.match(api.json(), { code: 'QMS_ERR_UNAUTHORIZED' })
})
