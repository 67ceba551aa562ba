// Puts the reliability hall on a running core, opens its windows and mints the tokens the load
// uses (a kiosk device token and a manager token for the clerks), through the public API.
import { call } from './http.ts'
import { reliabilityHall, WINDOWS } from './hall.ts'

export interface HallTokens {
  kiosk: string
  clerk: string
}

export async function setupHall(base: string, hall: string, admin: string): Promise<HallTokens> {
  const put = await call(base, 'PUT', `/api/v1/halls/${hall}`, { token: admin, body: reliabilityHall() })
  if (put.status !== 201 && put.status !== 200) throw new Error(`PUT hall: ${put.status} ${JSON.stringify(put.body)}`)
  for (const w of WINDOWS) {
    const r = await call(base, 'POST', `/api/v1/halls/${hall}/windows/${w}/open`, { token: admin })
    if (r.status !== 200) throw new Error(`open ${w}: ${r.status} ${JSON.stringify(r.body)}`)
  }
  const mint = async (body: object): Promise<string> => {
    const r = await call(base, 'POST', '/api/v1/tokens', { token: admin, body })
    if (r.status !== 201) throw new Error(`token: ${r.status} ${JSON.stringify(r.body)}`)
    return r.body.secret as string
  }
  return {
    kiosk: await mint({ role: 'device', hall, device: 'kiosk-1', label: 'reliability kiosk' }),
    clerk: await mint({ role: 'manager', halls: [hall], label: 'reliability clerks' }),
  }
}
