// A speaker the bridge feeds with audio it renders offline: the announcement's clips joined into
// one WAV in profile.outDir (served from there, e.g. as a static file), then played with
// profile.playCommand (e.g. ["play", "-q"] from sox, or ["aplay"]) when one is set. Without the
// clip library (espeak-ng missing at build time) it falls back to publishing the text on
// cmd/announce, like an mqtt-json speaker.
import { spawn } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { nodeTopic } from '../../../src/mqtt/topics.ts'
import { hasClips, renderAnnouncementAudio } from '../audio/clips.ts'
import { durationMs, writeWav } from '../audio/wav.ts'
import type { BridgeLink } from '../link.ts'
import { newMessageId, type Json } from '../protocol/envelope.ts'
import type { DeviceOf } from '../registry.ts'
import type { Announcement } from '../render/speech.ts'
import type { CommandOptions, CommandOutcome, DeviceDriver } from './driver.ts'
import { MqttJsonDriver } from './mqtt-json.ts'

export class AudioSpeakerDriver implements DeviceDriver {
  readonly kind = 'audio'
  readonly proxied = true
  private readonly fallback: MqttJsonDriver
  private played = 0

  constructor(
    readonly device: DeviceOf<'speaker'>,
    private readonly link: BridgeLink,
    private readonly clipDir: string,
  ) {
    this.fallback = new MqttJsonDriver(device, link)
  }

  private get outDir(): string {
    return this.device.profile.outDir ?? join(tmpdir(), 'qms-announcements')
  }

  async start(): Promise<void> {
    await mkdir(this.outDir, { recursive: true })
    await this.link.publish(
      nodeTopic(this.link.hall, 'speaker', this.device.id, 'status'),
      { id: newMessageId(), state: 'online', via: 'bridge' },
      { retain: true, qos: 1 },
    )
  }

  async setDesired(): Promise<void> {}

  /** `announce` takes the cmd/announce body plus `audio`: the full Announcement. */
  async command(name: string, body: Json, opts: CommandOptions): Promise<CommandOutcome> {
    const a = body.audio as Announcement | undefined
    const { audio: _omit, ...wire } = body
    if (name !== 'announce' || !a) return this.fallback.command(name, wire, opts)
    if (!a.clips || !hasClips(this.clipDir, a.clips)) {
      this.link.log.warn({ device: this.device.id }, 'announcement clips missing; publishing text instead')
      return this.fallback.command(name, wire, opts)
    }
    const pcm = await renderAnnouncementAudio(this.clipDir, a)
    const file = join(this.outDir, `${this.link.hall}-${this.device.id}-${++this.played % 16}.wav`)
    await writeFile(file, writeWav(pcm))
    await this.link.publish(
      nodeTopic(this.link.hall, 'speaker', this.device.id, 'reported'),
      { id: newMessageId(), text: a.text, file, ms: Math.round(durationMs(pcm)) },
      { retain: true, qos: 1 },
    )
    const cmd = this.device.profile.playCommand
    if (cmd) return this.play(cmd, file)
    // Served, not played here: pace the queue by the audio's length so calls never overlap.
    await new Promise((r) => setTimeout(r, durationMs(pcm)))
    return 'done'
  }

  private play(cmd: string[], file: string): Promise<CommandOutcome> {
    return new Promise((resolve) => {
      const child = spawn(cmd[0]!, [...cmd.slice(1), file], { stdio: 'ignore' })
      child.on('error', (err) => {
        this.link.log.error({ err, device: this.device.id }, 'audio player failed to start')
        resolve('failed')
      })
      child.on('exit', (code) => resolve(code === 0 ? 'done' : 'failed'))
    })
  }

  async stop(): Promise<void> {
    await this.link
      .publish(
        nodeTopic(this.link.hall, 'speaker', this.device.id, 'status'),
        { id: newMessageId(), state: 'offline', via: 'bridge' },
        { retain: true, qos: 1 },
      )
      .catch(() => {})
  }
}
