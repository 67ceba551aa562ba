// MQTT.js opens its TCP connections with Nagle's algorithm on. A client that publishes two packets
// back to back (the bridge: an announcement, an evaluator prompt and a window display for one
// call) then holds the second until the first is acknowledged, and the broker's delayed ACK makes
// that about 40 ms per call (docs/performance.md). Every client of ours turns it off, on each
// (re)connection; the embedded broker does the same for its side.
import type { MqttClient } from 'mqtt'

interface MaybeTcp {
  setNoDelay?: (noDelay?: boolean) => unknown
}

export function disableNagle(client: MqttClient): MqttClient {
  const apply = (): void => void (client.stream as unknown as MaybeTcp | undefined)?.setNoDelay?.(true)
  apply()
  client.on('connect', apply)
  return client
}
