// Child process: the firmware bridge for some halls (BENCH_ROLE=bridge) or the device simulator
// playing those halls' MQTT devices (BENCH_ROLE=sim), each as its own process, as deployed.
//   BENCH_HALLS (comma-separated), BENCH_MQTT_URL, MQTT_DEVICE_SECRET, BENCH_DOCUMENT (JSON, the
//   same for every hall), and for the bridge BENCH_CORE_URL, BENCH_TOKEN (a display token).
import pino from 'pino'
import { startBridge } from '../../../firmware-bridge/src/index.ts'
import { startSimulator, type Simulator } from '../../../firmware-bridge/sim/simulator.ts'
import { failChild, serveChild } from '../lib/procs.ts'

try {
  const env = process.env
  const halls = env.BENCH_HALLS!.split(',')
  const document = JSON.parse(env.BENCH_DOCUMENT!) as unknown
  const log = pino({ level: env.BENCH_LOG_LEVEL ?? 'warn' })
  const secret = env.MQTT_DEVICE_SECRET ?? null
  if (env.BENCH_ROLE === 'sim') {
    // Speakers take 50 ms per announcement here: the bridge waits for them one at a time.
    const sims: Simulator[] = []
    for (const hall of halls) {
      sims.push(await startSimulator({ url: env.BENCH_MQTT_URL!, hall, document, secret, log, playMs: 50 }))
    }
    serveChild({ devices: sims.reduce((n, s) => n + s.devices.size, 0) }, async () => {
      for (const s of sims) await s.stop()
    })
  } else {
    const bridge = await startBridge({
      halls,
      mqttUrl: env.BENCH_MQTT_URL!,
      secret,
      coreUrl: env.BENCH_CORE_URL!,
      token: env.BENCH_TOKEN!,
      documents: Object.fromEntries(halls.map((h) => [h, document])),
      log,
    })
    serveChild({}, () => bridge.stop())
  }
} catch (err) {
  failChild(err)
}
