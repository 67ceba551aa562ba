// One simulated device: connects as the device (its own credentials, last will = offline),
// follows the firmware rules for commands (command-gate.ts: acks, drops stale and duplicate
// commands), logs what it would show or say, and can press keys / rate / issue / report paper.
// It records everything it did so tests and the demo can look.
import mqtt, { type MqttClient } from 'mqtt'
import type { Logger } from 'pino'
import { nodeTopic, type NodeLeaf } from '../../src/mqtt/topics.ts'
import { CommandGate } from '../src/protocol/command-gate.ts'
import { newMessageId, type Json } from '../src/protocol/envelope.ts'
import type { Device } from '../src/registry.ts'

export interface SimDeviceOptions {
  url: string
  hall: string
  device: Device
  credentials: { username: string; password: string } | null
  log: Logger
  playMs?: number // how long a speaker "plays" an announcement (default 200)
  keepaliveSec?: number
  /** false: receive commands but never acknowledge (a device gone deaf). */
  acknowledge?: boolean
}

export interface PlayedAnnouncement {
  id: string
  seq: number
  text: string
  startedAt: number
  endedAt: number | null
}

export class SimDevice {
  client: MqttClient | null = null
  desired: Json | null = null
  readonly shown: string[][] = [] // every screen content (LED, keypad) in order
  readonly commands: { name: string; body: Json; at: number }[] = [] // executed commands
  readonly dropped: { reason: string; body: Json | null }[] = []
  readonly announcements: PlayedAnnouncement[] = []
  readonly results: Json[] = []
  playing = 0
  maxConcurrentPlays = 0
  lastPrompt: Json | null = null
  private readonly gate = new CommandGate()
  private readonly changed = new Set<() => void>()

  constructor(readonly o: SimDeviceOptions) {}

  get id(): string {
    return this.o.device.id
  }

  private topic(leaf: NodeLeaf): string {
    return nodeTopic(this.o.hall, this.o.device.type, this.o.device.id, leaf)
  }

  async connect(): Promise<void> {
    this.client = await mqtt.connectAsync(this.o.url, {
      ...(this.o.credentials ?? {}),
      clientId: `sim-${this.o.hall}-${this.o.device.id}`.slice(0, 64),
      protocolVersion: 4,
      keepalive: this.o.keepaliveSec ?? 10,
      reconnectPeriod: 0,
      will: {
        topic: this.topic('status'),
        payload: Buffer.from(JSON.stringify({ id: 'will', state: 'offline' })),
        qos: 1,
        retain: true,
      },
    })
    this.client.on('message', (topic, payload) => this.onMessage(topic, payload))
    await this.client.subscribeAsync([this.topic('desired'), this.topic('cmd/+')], { qos: 1 })
    await this.publish('status', { id: newMessageId(), state: 'online', fw: 'sim-1' }, true)
  }

  async publish(leaf: NodeLeaf, body: Json | string, retain = false): Promise<void> {
    await this.client!.publishAsync(this.topic(leaf), typeof body === 'string' ? body : JSON.stringify(body), {
      qos: 1,
      retain,
    })
  }

  private notify(): void {
    for (const fn of this.changed) fn()
  }

  private onMessage(topic: string, payload: Buffer): void {
    if (topic === this.topic('desired')) {
      this.desired = JSON.parse(payload.toString('utf8')) as Json
      if (Array.isArray(this.desired.l)) {
        this.shown.push(this.desired.l as string[])
        this.o.log.info({ device: this.id, lines: this.desired.l }, 'display shows')
      } else this.o.log.info({ device: this.id, desired: this.desired }, 'desired state')
      return this.notify()
    }
    const name = topic.slice(this.topic('cmd/').length)
    const d = this.gate.check(payload, Date.now())
    if (d.action === 'ignore') {
      this.dropped.push({ reason: d.reason, body: null })
      return this.notify()
    }
    if (this.o.acknowledge === false) return
    void this.publish('ack', d.ack)
    if (d.action === 'ack-only') {
      this.dropped.push({ reason: d.reason, body: null })
      this.o.log.info({ device: this.id, cmd: name, reason: d.reason }, 'command not executed')
      return this.notify()
    }
    this.commands.push({ name, body: d.command, at: Date.now() })
    this.execute(name, d.command)
    this.notify()
  }

  private execute(name: string, cmd: Json & { id: string }): void {
    const log = this.o.log
    if (name === 'announce') {
      const a: PlayedAnnouncement = {
        id: cmd.id,
        seq: Number(cmd.seq),
        text: String(cmd.text),
        startedAt: Date.now(),
        endedAt: null,
      }
      this.announcements.push(a)
      this.playing += 1
      this.maxConcurrentPlays = Math.max(this.maxConcurrentPlays, this.playing)
      log.info({ device: this.id, say: cmd.say, en: cmd.en, rep: cmd.rep }, 'speaker plays')
      setTimeout(() => {
        this.playing -= 1
        a.endedAt = Date.now()
        // The device may have been stopped or dropped while playing: then there is no one to tell.
        void this.publish('evt/played', { id: newMessageId(), ref: cmd.id }).catch(() => {})
        this.notify()
      }, this.o.playMs ?? 200)
    } else if (name === 'rate') {
      this.lastPrompt = cmd
      log.info({ device: this.id, ticket: cmd.num }, 'evaluator asks for a grade')
    } else if (name === 'result') {
      this.results.push(cmd)
      log.info({ device: this.id, ok: cmd.ok, code: cmd.code }, 'input result')
    } else {
      log.info({ device: this.id, cmd: name, body: cmd }, 'command')
    }
  }

  /** Keypad: press a key (extra fields e.g. {svc} for transfer, {window} to claim a window). */
  press(key: string, extra: Json = {}): Promise<string> {
    return this.emit('key', { key, ...extra })
  }

  /** Evaluator: rate the last prompted ticket (or the given one). */
  rate(grade: number, ticket?: string): Promise<string> {
    return this.emit('rating', { tk: ticket ?? String(this.lastPrompt?.tk ?? ''), grade })
  }

  issue(service: string): Promise<string> {
    return this.emit('issue', { svc: service })
  }

  async emit(name: string, body: Json): Promise<string> {
    const id = newMessageId()
    await this.publish(`evt/${name}`, { id, ...body })
    return id
  }

  /** Resolves when `pred` holds (checked on every change), rejects after timeoutMs. */
  waitFor(pred: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
    if (pred()) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!pred()) return
        clearTimeout(timer)
        this.changed.delete(check)
        resolve()
      }
      const timer = setTimeout(() => {
        this.changed.delete(check)
        reject(new Error(`${this.id}: timed out waiting for ${what}`))
      }, timeoutMs)
      this.changed.add(check)
    })
  }

  /** Drops the connection without DISCONNECT (a crash): the broker publishes the will. */
  async kill(): Promise<void> {
    await this.client?.endAsync(true)
    this.client = null
  }

  async stop(): Promise<void> {
    if (!this.client) return
    await this.publish('status', { id: newMessageId(), state: 'offline' }, true).catch(() => {})
    await this.client.endAsync()
    this.client = null
  }
}
