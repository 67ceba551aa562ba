// For working on the pages by hand: `npx tsx test/displays/dev-server.ts [port]` starts the core
// with the demo hall (open all day), a few tickets and windows open, and prints each page's URL.
import { api, demoHall, setUpHall, startCore } from './harness.ts'

const core = await startCore({ port: Number(process.argv[2] ?? 8765) })
const hall = 'demo'
const tokens = await setUpHall(core, hall, await demoHall())
const clerk = await tokens.clerk(['1', '2', '3'])
for (const w of ['1', '2', '3', '5', '8']) await api(core, 'POST', `/halls/${hall}/windows/${w}/open`, {})
await api(core, 'POST', `/halls/${hall}/windows/5/pause`, { reason: '午休' })
const issued: string[] = []
for (const s of [
  'social-security',
  'social-security',
  'medical-insurance',
  'housing-fund',
  'tax',
  'household',
  'social-security',
]) {
  issued.push((await api(core, 'POST', `/halls/${hall}/tickets`, { service: s }, tokens.kiosk)).body.id)
}
await api(core, 'POST', `/halls/${hall}/windows/1/call-next`, {})
await api(core, 'POST', `/halls/${hall}/windows/2/call-next`, {})
const q = (o: Record<string, string>) => new URLSearchParams({ hall, ...o }).toString()
console.log(`board     ${core.url}/board.html?${q({ token: tokens.display })}
window    ${core.url}/window.html?${q({ token: tokens.display, window: '1' })}
kiosk     ${core.url}/kiosk.html?${q({ token: tokens.kiosk })}
clerk     ${core.url}/clerk.html?${q({ token: clerk, window: '1' })}
manager   ${core.url}/manager.html?${q({ token: tokens.manager })}
mobile    ${core.url}/mobile.html?${q({ ticket: issued.at(-1)! })}
evaluator ${core.url}/evaluator.html?${q({ token: tokens.display, window: '1' })}
admin     ${core.url} (admin token in harness.ts)`)
