// The drivers that stand in for devices without MQTT: a serial LED panel, an ESC/POS ticket
// printer fed by a kiosk, and the offline audio speaker (espeak-ng clips).
import { mkdtemp, readFile, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import iconv from 'iconv-lite'
import { nodeTopic } from '../../src/mqtt/topics.ts'
import { buildClips, espeakAvailable } from '../../firmware-bridge/src/audio/build-clips.ts'
import { clipFile, renderAnnouncementAudio } from '../../firmware-bridge/src/audio/clips.ts'
import { chime, durationMs, parseWav } from '../../firmware-bridge/src/audio/wav.ts'
import { CMD_LINE, parseFrames } from '../../firmware-bridge/src/drivers/serial-led-frame.ts'
import { announcement } from '../../firmware-bridge/src/render/speech.ts'
import { nextMessage, startStack } from './fixtures/stack.ts'

const until = async (pred: () => Promise<boolean>, what: string, ms = 5000): Promise<void> => {
  const end = Date.now() + ms
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

t.test('a serial LED panel gets framed GB2312 rows; the bridge reports its status', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'qms-led-'))
  const path = join(dir, 'ttyLED')
  const s = await startStack(t, {
    brokerUrl: null,
    simOnly: ['speaker'],
    extraDevices: [
      {
        id: 'led-s',
        type: 'led',
        window: '3',
        profile: { driver: 'serial-led', path, address: 5, cols: 16, rows: 2, charset: 'GB2312' },
      },
    ],
  })
  const watcher = await s.mqttAs({ kind: 'bridge', hall: s.hall })
  t.match((await nextMessage(watcher, nodeTopic(s.hall, 'led', 'led-s', 'status'))).body, {
    state: 'online',
    via: 'bridge',
  })
  const ticket = await s.issue()
  await s.callNext('3')
  const rowsOf = async (): Promise<string[]> => {
    const frames = parseFrames(await readFile(path))
    const last = frames.filter((f) => f.cmd === CMD_LINE).slice(-2)
    return last.map((f) => iconv.decode(f.data, 'gbk'))
  }
  await until(async () => (await rowsOf())[0] === `请${ticket.number}号`, 'panel shows the call')
  t.same(await rowsOf(), [`请${ticket.number}号`, '到3号窗口'])
  t.ok(
    parseFrames(await readFile(path)).every((f) => f.addr === 5),
    'frames carry the panel address',
  )
  const reported = await nextMessage(watcher, nodeTopic(s.hall, 'led', 'led-s', 'reported'))
  t.equal(reported.retain, true)
  t.equal(reported.body.num, ticket.number)
})

t.test('a kiosk press issues a ticket and the ESC/POS printer prints it with a QR code', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'qms-lp-'))
  const target = join(dir, 'lp0')
  const s = await startStack(t, {
    brokerUrl: null,
    extraDevices: [
      { id: 'k1', type: 'kiosk' },
      { id: 'p1', type: 'printer', profile: { driver: 'escpos', target, kiosk: 'k1', width: 32 } },
    ],
    deviceTokens: { k1: {} },
  })
  const kiosk = s.sim.device('k1')
  const pressed = await kiosk.issue('social')
  await kiosk.waitFor(() => kiosk.results.some((r) => r.ref === pressed), 5000, 'issue result')
  t.equal(kiosk.results.find((r) => r.ref === pressed)?.ok, true)
  const bytes = await readFile(target)
  t.ok(bytes.includes(Buffer.from([0x1c, 0x26])), 'Chinese mode (FS &)')
  t.ok(bytes.includes(iconv.encode('社保业务', 'gbk')), 'service name in GBK')
  t.ok(bytes.includes(iconv.encode('A001', 'gbk')), 'the number')
  t.ok(bytes.includes(iconv.encode('测试大厅', 'gbk')), 'the hall name')
  const state = (await (
    await fetch(`${s.baseUrl}/api/v1/halls/${s.hall}/state`, { headers: { authorization: `Bearer ${s.admin}` } })
  ).json()) as { services: { id: string; waiting: number }[] }
  t.equal(state.services.find((x) => x.id === 'social')?.waiting, 1, 'the ticket was issued in the core')
  const qrStore = bytes.indexOf(Buffer.from([0x1d, 0x28, 0x6b]))
  t.ok(qrStore >= 0, 'a QR code command')
  t.match(
    bytes.toString('latin1'),
    new RegExp(`${s.baseUrl.replace(/[.:/]/g, '\\$&')}/mobile\\.html\\?hall=${s.hall}&ticket=[A-Za-z0-9_-]{22}`),
    'the QR code holds the mobile ticket page',
  )
  t.ok(bytes.includes(Buffer.from([0x1d, 0x56])), 'cut')
  // A bad press: unknown service id shape. Refused before the core is called.
  const bad = await kiosk.emit('issue', { svc: 'no such service!' })
  await kiosk.waitFor(() => kiosk.results.some((r) => r.ref === bad), 5000, 'refusal')
  t.equal(kiosk.results.find((r) => r.ref === bad)?.ok, false)
})

t.test(
  'offline speaker audio: clips joined, chime, repeat',
  { skip: !process.env.CI && !(await espeakAvailable()) ? 'espeak-ng not installed' : false },
  async (t) => {
    t.ok(await espeakAvailable(), 'espeak-ng is installed (CI installs it)')
    const clips = await mkdtemp(join(tmpdir(), 'qms-clips-'))
    t.ok((await buildClips(clips)) > 60)
    const a = announcement({ number: 'A017', windowLabel: '3', languages: ['zh'], repeat: 2, chime: true })
    const pcm = await renderAnnouncementAudio(clips, a)
    const words = await Promise.all(a.clips!.map(async (k) => durationMs(parseWav(await readFile(clipFile(clips, k))))))
    const once = words.reduce((x, y) => x + y, 0) + 60 * (words.length - 1) // 60 ms between words
    const expected = 2 * (durationMs(chime()) + 200 + once) + 700 // twice, 700 ms apart
    t.ok(
      Math.abs(durationMs(pcm) - expected) < 2,
      `audio is ${Math.round(durationMs(pcm))} ms, expected ${Math.round(expected)} ms`,
    )
    t.equal(pcm.sampleRate, 22050)

    // Through the bridge: an `audio` speaker renders the call into a WAV file (served, not played here).
    const out = await mkdtemp(join(tmpdir(), 'qms-out-'))
    const s = await startStack(t, {
      brokerUrl: null,
      simOnly: [],
      clipDir: clips,
      extraDevices: [
        { id: 'spk-a', type: 'speaker', profile: { driver: 'audio', outDir: out, repeat: 1, languages: ['zh'] } },
      ],
    })
    const watcher = await s.mqttAs({ kind: 'bridge', hall: s.hall })
    const reported = nextMessage(watcher, nodeTopic(s.hall, 'speaker', 'spk-a', 'reported'))
    const ticket = await s.issue()
    await s.callNext('3')
    const r = await reported
    t.equal(r.body.text, `请${ticket.number}号到3号窗口办理`)
    t.same(await readdir(out), [String(r.body.file).slice(out.length + 1)])
    const file = parseWav(await readFile(String(r.body.file)))
    t.ok(durationMs(file) > 1000, 'a real recording of the call')
    t.equal(Math.round(durationMs(file)), r.body.ms)
  },
)

t.test('without clips the audio speaker falls back to publishing the text', async (t) => {
  const empty = await mkdtemp(join(tmpdir(), 'qms-noclips-'))
  const s = await startStack(t, {
    brokerUrl: null,
    simOnly: [],
    clipDir: empty,
    extraDevices: [{ id: 'spk-a', type: 'speaker', profile: { driver: 'audio', outDir: empty } }],
  })
  const device = await s.mqttAs({ kind: 'device', hall: s.hall, type: 'speaker', device: 'spk-a' })
  const cmd = nextMessage(device, nodeTopic(s.hall, 'speaker', 'spk-a', 'cmd/announce'))
  const ticket = await s.issue()
  await s.callNext('4')
  const c = await cmd
  t.match(c.body, { text: `请${ticket.number}号到4号窗口办理`, say: '请A零零一号到四号窗口办理', num: ticket.number })
  t.notOk('audio' in c.body, 'no internal fields on the wire')
})
