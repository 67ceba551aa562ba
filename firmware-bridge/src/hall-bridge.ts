// The bridge for one hall: one MQTT connection (last will = the bridge offline), the device
// registry with a driver per device, the hall view fed by core events, and device input turned
// into core API calls. Events are handled strictly one after another, in arrival (= seq) order.
import mqtt, { type MqttClient } from 'mqtt'
import type { Logger } from 'pino'
import type { EventMessage } from '../../src/mqtt/event-message.ts'
import { disableNagle } from '../../src/mqtt/no-delay.ts'
import { DEVICE_INPUT_RATE, RateGate } from '../../src/mqtt/rate-gate.ts'
import { TOPIC_ROOT, eventsFilter, nodeTopic, parseNodeTopic, type ParsedNodeTopic } from '../../src/mqtt/topics.ts'
import { CommandTracker } from './command-tracker.ts'
import type { CoreApi } from './core-api.ts'
import type { DeviceDriver } from './drivers/driver.ts'
import { makeDriver } from './drivers/make-driver.ts'
import { hallInfo, type HallInfo } from './hall-info.ts'
import { HallInputs, type RatingReport } from './hall-inputs.ts'
import { HallOutputs } from './hall-outputs.ts'
import { HallView } from './hall-view.ts'
import type { BridgeLink } from './link.ts'
import { MCU_PAYLOAD_MAX, newMessageId, parseDevicePayload, type Json } from './protocol/envelope.ts'
import { RecentIds } from './protocol/recent-ids.ts'
import { buildRegistry, type Device, type Registry } from './registry.ts'

export interface HallBridgeOptions {
  hall: string
  bridgeId: string
  mqttUrl: string
  credentials: { username: string; password: string } | null
  api: CoreApi
  document?: unknown
  tokenFor: (device: Device) => string | undefined
  clipDir: string
  ticketUrl: (hall: string, ticket: string) => string
  log: Logger
  ackTimeoutMs: number
  retries: number
  keepaliveSec: number
  snapshotDebounceMs: number
  onRating?: (r: RatingReport) => void
  now: () => number
}

export class HallBridge {
  readonly tracker = new CommandTracker()
  registry!: Registry
  info!: HallInfo
  view!: HallView
  readonly drivers = new Map<string, DeviceDriver>()
  readonly outputs: HallOutputs
  private readonly inputs: HallInputs
  private client: MqttClient | null = null
  private chain: Promise<void> = Promise.resolve()
  private readonly seenFrom = new Map<string, RecentIds>()
  /** Device input over the rate (a stuck key, a firmware loop) never reaches the core. */
  private readonly inputGate = new RateGate(DEVICE_INPUT_RATE)
  private readonly statuses = new Map<string, string>()
  private snapshotTimer: NodeJS.Timeout | null = null
  private stopped = false
  private readonly unacked = new Set<Promise<void>>()
  readonly link: BridgeLink
  readonly log: Logger

  constructor(private readonly o: HallBridgeOptions) {
    this.log = o.log.child({ hall: o.hall })
    this.link = {
      hall: o.hall,
      log: this.log,
      now: o.now,
      tracker: this.tracker,
      ackTimeoutMs: o.ackTimeoutMs,
      retries: o.retries,
      publish: (topic, payload, opts) => this.publish(topic, payload, opts),
      alert: (device, reason, details) => this.alert(device, reason, details),
    }
    const ctx = () => ({
      link: this.link,
      registry: this.registry,
      info: this.info,
      view: this.view,
      drivers: this.drivers,
    })
    this.outputs = new HallOutputs(ctx)
    this.inputs = new HallInputs({
      ctx,
      api: o.api,
      tokenFor: o.tokenFor,
      outputs: this.outputs,
      ticketUrl: o.ticketUrl,
      onRating: o.onRating,
    })
  }

  private get statusTopic(): string {
    return nodeTopic(this.o.hall, 'bridge', this.o.bridgeId, 'status')
  }

  /**
   * Sends without waiting for the broker's PUBACK: MQTT.js sends in call order on the one
   * connection and resends unacknowledged QoS 1 packets after a reconnect, so waiting would only
   * hold the next event (and the window display a citizen is looking at) behind a broker round
   * trip per device. `idle()` still waits for every acknowledgement.
   */
  async publish(topic: string, payload: Json | string, opts: { retain: boolean; qos: 0 | 1 }): Promise<void> {
    if (!this.client) throw new Error('bridge not connected')
    const sent: Promise<void> = this.client
      .publishAsync(topic, typeof payload === 'string' ? payload : JSON.stringify(payload), opts)
      .then(
        () => undefined,
        (err: unknown) => this.log.warn({ err, topic }, 'publish failed'),
      )
      .finally(() => this.unacked.delete(sent))
    this.unacked.add(sent)
  }

  alert(device: Device, reason: string, details: Json = {}): void {
    const body = {
      id: newMessageId(),
      ts: Math.floor(this.o.now() / 1000),
      device: device.id,
      type: device.type,
      window: device.window,
      reason,
      ...details,
    }
    this.log.warn(body, 'device alert')
    void this.publish(nodeTopic(this.o.hall, 'bridge', this.o.bridgeId, 'evt/alert'), body, {
      retain: false,
      qos: 1,
    }).catch(() => {})
  }

  private async loadConfig(document: unknown): Promise<void> {
    this.registry = buildRegistry(this.o.hall, document)
    for (const w of this.registry.warnings) this.log.warn({ warning: w }, 'device registry')
    this.info = hallInfo(document)
    const windowServices = Object.fromEntries([...this.info.windows.values()].map((w) => [w.id, w.services]))
    if (this.view) this.view.setWindows(windowServices)
    else this.view = new HallView(windowServices)
  }

  private async startDrivers(): Promise<void> {
    for (const d of this.registry.devices) {
      const driver = makeDriver(d, this.link, this.o.clipDir)
      this.drivers.set(d.id, driver)
      await driver.start()
    }
    this.log.info({ devices: this.registry.devices.length }, 'device drivers started')
  }

  private async stopDrivers(): Promise<void> {
    for (const d of this.drivers.values())
      await d.stop().catch((err: unknown) => this.log.warn({ err, device: d.device.id }, 'driver stop failed'))
    this.drivers.clear()
  }

  async start(): Promise<void> {
    await this.loadConfig(this.o.document ?? (await this.o.api.hallDocument(this.o.hall)))
    const offline = JSON.stringify({ id: 'will', state: 'offline' })
    this.client = await mqtt.connectAsync(this.o.mqttUrl, {
      ...(this.o.credentials ?? {}),
      clientId: `qms-bridge-${this.o.bridgeId}-${this.o.hall}`.slice(0, 64),
      protocolVersion: 4,
      keepalive: this.o.keepaliveSec,
      reconnectPeriod: 1000,
      will: { topic: this.statusTopic, payload: Buffer.from(offline), qos: 1, retain: true },
    })
    disableNagle(this.client) // one call publishes several packets at once (src/mqtt/no-delay.ts)
    this.client.on('message', (topic, payload) => this.onMessage(topic, payload))
    this.client.on('error', (err) => this.log.warn({ err }, 'bridge mqtt error'))
    this.client.on('connect', () => {
      // Our will may have fired while we were away: say we are back, then re-publish state.
      void this.publish(
        this.statusTopic,
        { id: newMessageId(), state: 'online', devices: this.registry.devices.length },
        { retain: true, qos: 1 },
      ).catch(() => {})
      void this.resync('reconnected')
    })
    const h = this.o.hall
    await this.client.subscribeAsync(
      [eventsFilter(h), `${TOPIC_ROOT}/${h}/+/+/ack`, `${TOPIC_ROOT}/${h}/+/+/evt/+`, `${TOPIC_ROOT}/${h}/+/+/status`],
      { qos: 1 },
    )
    await this.startDrivers()
    await this.publish(
      this.statusTopic,
      { id: newMessageId(), state: 'online', devices: this.registry.devices.length },
      { retain: true, qos: 1 },
    )
    await this.resync('started')
  }

  /** Re-reads the snapshot and re-publishes every device's state. */
  private resync(why: string): Promise<void> {
    return this.enqueue(async () => {
      this.outputs.forget()
      await this.refreshSnapshot()
      this.log.info({ why, seq: this.view.seq }, 'hall state synchronised')
    })
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(task).catch((err: unknown) => this.log.error({ err }, 'bridge task failed'))
    return this.chain
  }

  private async refreshSnapshot(): Promise<void> {
    try {
      this.view.applySnapshot(await this.o.api.state(this.o.hall))
    } catch (err) {
      this.log.warn({ err }, 'snapshot unavailable; showing what events tell')
    }
    await this.outputs.renderAll()
  }

  private scheduleSnapshot(): void {
    if (this.snapshotTimer || this.stopped) return
    this.snapshotTimer = setTimeout(() => {
      this.snapshotTimer = null
      void this.enqueue(() => this.refreshSnapshot())
    }, this.o.snapshotDebounceMs)
  }

  private onMessage(topic: string, payload: Buffer): void {
    if (this.stopped) return
    if (topic.startsWith(`${TOPIC_ROOT}/${this.o.hall}/events/`)) {
      let ev: EventMessage
      try {
        ev = JSON.parse(payload.toString('utf8')) as EventMessage
        if (typeof ev.seq !== 'number' || typeof ev.type !== 'string') throw new Error('not an event')
      } catch (err) {
        this.log.warn({ topic, err }, 'ignored malformed event')
        return
      }
      void this.enqueue(() => this.onEvent(ev))
      return
    }
    const t = parseNodeTopic(topic)
    if (t && t.type !== 'bridge') this.onDeviceMessage(t, payload)
  }

  private async onEvent(ev: EventMessage): Promise<void> {
    const change = this.view.apply(ev)
    if (!change) return
    if (change.reloadConfig) return this.reload()
    if (change.call) {
      this.outputs.announce(change.call)
      void this.outputs.greet(change.call.window, change.call.number)
    }
    if (change.finished)
      await this.outputs.promptRating(change.finished.window, change.finished.ticket, change.finished.number)
    for (const w of change.windows) await this.outputs.renderWindow(w)
    if (change.board) await this.outputs.renderBoard()
    if (change.needsSnapshot) this.scheduleSnapshot()
  }

  private async reload(): Promise<void> {
    try {
      const doc = await this.o.api.hallDocument(this.o.hall)
      await this.stopDrivers()
      await this.loadConfig(doc)
      await this.startDrivers()
      this.outputs.forget()
      await this.refreshSnapshot()
      this.log.info('hall configuration reloaded')
    } catch (err) {
      this.log.error({ err }, 'hall configuration reload failed; keeping the previous one')
    }
  }

  private onDeviceMessage(t: ParsedNodeTopic, payload: Buffer): void {
    const device = this.registry.byId.get(t.id)
    if (!device || device.type !== t.type)
      return void this.log.warn({ topic: `${t.type}/${t.id}/${t.kind}` }, 'message from unregistered device ignored')
    if (t.kind === 'status') return this.onStatus(device, payload)
    if (t.kind === 'evt') {
      const gate = this.inputGate.take(device.id, this.o.now())
      if (!gate.ok) {
        if (gate.report) this.alert(device, 'flooding', { dropped: gate.dropped })
        return
      }
    }
    const parsed = parseDevicePayload(payload, MCU_PAYLOAD_MAX)
    if (!parsed.ok)
      return void this.log.warn(
        { device: device.id, kind: t.kind, name: t.name, reason: parsed.reason },
        'device payload rejected',
      )
    if (t.kind === 'ack') return this.tracker.ack(parsed.value)
    if (t.kind !== 'evt' || !t.name) return
    let seen = this.seenFrom.get(device.id)
    if (!seen) this.seenFrom.set(device.id, (seen = new RecentIds()))
    if (!seen.add(parsed.value.id as string))
      return void this.log.info({ device: device.id, id: parsed.value.id }, 'duplicate device message dropped')
    if (t.name === 'played') return this.tracker.event('played', parsed.value)
    void this.inputs.handle(device, t.name, parsed.value)
  }

  private onStatus(device: Device, payload: Buffer): void {
    const parsed = parseDevicePayload(payload, MCU_PAYLOAD_MAX)
    const state = parsed.ok ? parsed.value.state : payload.toString('utf8')
    const previous = this.statuses.get(device.id)
    this.statuses.set(device.id, String(state))
    if (state === 'offline' && previous === 'online') this.alert(device, 'offline')
    if (state !== previous) this.log.info({ device: device.id, state }, 'device status')
  }

  deviceStatus(id: string): string | undefined {
    return this.statuses.get(id)
  }

  /** Resolves when every event received so far is handled and no announcement is pending. */
  async idle(): Promise<void> {
    await this.chain
    await this.outputs.announcer.idle()
    await Promise.all([...this.unacked])
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.snapshotTimer) clearTimeout(this.snapshotTimer)
    this.outputs.announcer.stop()
    await this.chain
    this.tracker.clear()
    await this.stopDrivers()
    if (this.client) {
      await this.publish(this.statusTopic, { id: newMessageId(), state: 'offline' }, { retain: true, qos: 1 }).catch(
        () => {},
      )
      // Let the last packets be acknowledged, but a broker that is gone must not hold the stop.
      await Promise.race([Promise.all([...this.unacked]), new Promise((resolve) => setTimeout(resolve, 2000).unref())])
      await this.client.endAsync()
      this.client = null
    }
  }
}
