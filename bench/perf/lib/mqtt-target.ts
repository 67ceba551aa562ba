// Which MQTT broker the core publishes to in a bench: BENCH_MQTT, else the local Mosquitto when it
// answers, else the embedded broker.
import mqtt from 'mqtt'

export const MOSQUITTO_URL = 'mqtt://127.0.0.1:1883'

export async function mosquittoReachable(): Promise<boolean> {
  try {
    const c = await mqtt.connectAsync(MOSQUITTO_URL, { connectTimeout: 1500, reconnectPeriod: 0, protocolVersion: 4 })
    await c.endAsync()
    return true
  } catch {
    return false
  }
}

export async function mqttTarget(): Promise<string> {
  if (process.env.BENCH_MQTT) return process.env.BENCH_MQTT
  return (await mosquittoReachable()) ? MOSQUITTO_URL : 'embedded'
}
