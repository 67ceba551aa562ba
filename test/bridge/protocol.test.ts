// Device-side command rules, payload limits, device input interpretation, the announcement queue,
// the device registry and the serial LED framing.
import t from 'tap'
import pino from 'pino'
import { CommandGate } from '../../firmware-bridge/src/protocol/command-gate.ts'
import { parseDevicePayload } from '../../firmware-bridge/src/protocol/envelope.ts'
import { interpretDeviceEvent } from '../../firmware-bridge/src/device-input.ts'
import { Announcer } from '../../firmware-bridge/src/announcer.ts'
import { buildRegistry, printerForKiosk } from '../../firmware-bridge/src/registry.ts'
import { parseFrames, screenFrames, CMD_CLEAR, CMD_LINE } from '../../firmware-bridge/src/drivers/serial-led-frame.ts'
import { windowLabel } from '../../firmware-bridge/src/hall-info.ts'

const log = pino({ level: 'silent' })
const json = (v: unknown): Buffer => Buffer.from(JSON.stringify(v))

t.test('devices execute a command once, ack duplicates again and drop stale ones', async (t) => {
  const gate = new CommandGate()
  const now = 1_700_000_000_000
  const cmd = { id: 'c1', exp: now / 1000 + 30, text: 'x' }
  const first = gate.check(json(cmd), now)
  t.equal(first.action, 'execute')
  t.same(first.action === 'execute' && first.ack, { id: 'ac1', ref: 'c1', ok: true })
  const again = gate.check(json(cmd), now + 1000)
  t.equal(again.action, 'ack-only', 'a retry after a lost ack is acknowledged, not executed')
  t.same(again.action === 'ack-only' && again.ack, { id: 'ac1', ref: 'c1', ok: true, dup: true })
  const stale = gate.check(json({ id: 'c2', exp: now / 1000 - 1 }), now)
  t.same(stale.action === 'ack-only' && stale.ack, { id: 'ac2', ref: 'c2', ok: false, err: 'expired' })
  t.equal(gate.check(json({ id: 'c3' }), now).action, 'ack-only', 'no exp: refused')
  t.equal(gate.check(Buffer.from('not json'), now).action, 'ignore')
})

t.test('device payloads: size before parsing, then an object with an id', async (t) => {
  t.same(parseDevicePayload(json({ id: 'a1', key: 'call_next' })), { ok: true, value: { id: 'a1', key: 'call_next' } })
  const big = parseDevicePayload(json({ id: 'a1', pad: 'x'.repeat(300) }))
  t.equal(big.ok, false)
  t.match(!big.ok && big.reason, /exceeds 255/)
  t.equal(parseDevicePayload(json([1, 2])).ok, false)
  t.equal(parseDevicePayload(json({ key: 'x' })).ok, false, 'no id')
  t.equal(parseDevicePayload(json({ id: 'a b' })).ok, false, 'id with a space')
})

const doc = {
  windows: [
    { id: '3', name: '3号窗口', services: ['a'] },
    { id: '4', name: '4号窗口', services: ['a'] },
  ],
  devices: [
    { id: 'kp-3', type: 'keypad', window: '3' },
    { id: 'ev-3', type: 'evaluator', window: '3', profile: { grades: 5 } },
    { id: 'k1', type: 'kiosk' },
    { id: 'p1', type: 'printer', profile: { kiosk: 'k1', width: 32, driver: 'escpos', target: '/tmp/x' } },
    { id: 'led-9', type: 'led', window: '9' },
    { id: 'led-3', type: 'led', window: '3', profile: { cols: 'wide', charset: 'gbk' } },
  ],
}
const reg = buildRegistry('h1', doc)

t.test('the registry checks profiles and fills defaults', async (t) => {
  t.same(
    reg.devices.map((d) => d.id),
    ['kp-3', 'ev-3', 'k1', 'p1', 'led-3'],
  )
  t.match(reg.warnings, [/led-9.*windows; skipped/, /devices\[5\]\.profile\.cols: must be an integer/])
  const led = reg.byId.get('led-3')
  t.same(led?.type === 'led' && [led.profile.cols, led.profile.rows, led.profile.charset, led.profile.driver], [
    16,
    2,
    'GBK',
    'mqtt-json',
  ])
  t.equal(printerForKiosk(reg, 'k1')?.id, 'p1')
  t.equal(windowLabel('w10', '10号综合窗口'), '10')
  t.equal(windowLabel('7', undefined), '7')
  t.equal(windowLabel('vip', '综合窗口'), '综合窗口')
})

t.test("keypad keys map to actions on the keypad's own window only", async (t) => {
  const kp = reg.byId.get('kp-3')!
  t.same(interpretDeviceEvent(kp, 'key', { id: '1', key: 'call_next' }), {
    ok: true,
    action: { kind: 'window', key: 'call_next', window: '3', action: 'call-next', body: {} },
  })
  t.same(interpretDeviceEvent(kp, 'key', { id: '1', key: 'resume' }), {
    ok: true,
    action: { kind: 'window', key: 'resume', window: '3', action: 'open', body: {} },
  })
  t.same(interpretDeviceEvent(kp, 'key', { id: '1', key: 'transfer', svc: 'b' }), {
    ok: true,
    action: { kind: 'ticket', key: 'transfer', window: '3', action: 'transfer', body: { service: 'b' } },
  })
  t.same(interpretDeviceEvent(kp, 'key', { id: '1', key: 'no_show' }), {
    ok: true,
    action: { kind: 'ticket', key: 'no_show', window: '3', action: 'no-show', body: {} },
  })
  const other = interpretDeviceEvent(kp, 'key', { id: '1', key: 'call_next', window: '4' })
  t.equal(other.ok, false)
  t.match(!other.ok && other.reason, /may not act on window 4/)
  t.equal(interpretDeviceEvent(kp, 'key', { id: '1', key: 'self_destruct' }).ok, false)
  t.equal(
    interpretDeviceEvent(kp, 'key', { id: '1', key: 'transfer', svc: 'b', win: '4' }).ok,
    false,
    'transfer needs exactly one target',
  )
  t.equal(interpretDeviceEvent(kp, 'rating', { id: '1', grade: 5 }).ok, false, 'a keypad cannot rate')
})

t.test('ratings must answer the open prompt with a valid grade', async (t) => {
  const ev = reg.byId.get('ev-3')!
  t.same(interpretDeviceEvent(ev, 'rating', { id: '1', tk: 'T1', grade: 4 }, 'T1'), {
    ok: true,
    action: { kind: 'rating', window: '3', ticket: 'T1', grade: 4, reasons: [] },
  })
  t.match(interpretDeviceEvent(ev, 'rating', { id: '1', tk: 'T1', grade: 1, rs: ['waiting'] }, 'T1'), {
    action: { grade: 1, reasons: ['waiting'] },
  })
  t.equal(
    interpretDeviceEvent(ev, 'rating', { id: '1', tk: 'T1', grade: 1, rs: 'waiting' }, 'T1').ok,
    false,
    'rs is a list',
  )
  t.equal(interpretDeviceEvent(ev, 'rating', { id: '1', tk: 'T1', grade: 6 }, 'T1').ok, false)
  t.equal(interpretDeviceEvent(ev, 'rating', { id: '1', tk: 'T1', grade: 2.5 }, 'T1').ok, false)
  t.equal(
    interpretDeviceEvent(ev, 'rating', { id: '1', tk: 'T2', grade: 4 }, 'T1').ok,
    false,
    'not the prompted ticket',
  )
  t.equal(interpretDeviceEvent(ev, 'rating', { id: '1', tk: 'T1', grade: 4 }, null).ok, false, 'no prompt open')
})

t.test('announcements play one at a time in call order', async (t) => {
  const played: number[] = []
  let playing = 0
  let maxPlaying = 0
  const releases: (() => void)[] = []
  const a = new Announcer<string>(async (_item, seq) => {
    playing++
    maxPlaying = Math.max(maxPlaying, playing)
    played.push(seq)
    await new Promise<void>((r) => releases.push(r))
    playing--
  }, log)
  a.enqueue(5, 'A005')
  a.enqueue(8, 'A008')
  a.enqueue(7, 'A007') // arrived late: still before 8
  a.enqueue(7, 'A007') // QoS 1 redelivery
  await new Promise((r) => setImmediate(r))
  t.same(played, [5], 'only the first plays until it ends')
  t.equal(a.pending, 2)
  while (played.length < 3 || releases.length > 0) {
    releases.shift()?.()
    await new Promise((r) => setImmediate(r))
  }
  await a.idle()
  t.same(played, [5, 7, 8])
  t.equal(maxPlaying, 1)
})

t.test('stale announcements are dropped, not played late', async (t) => {
  let clock = 0
  const played: number[] = []
  let release: () => void = () => {}
  const a = new Announcer<string>(
    async (_i, seq) => {
      played.push(seq)
      if (seq === 1) await new Promise<void>((r) => (release = r))
    },
    log,
    () => clock,
    1000,
  )
  a.enqueue(1, 'x')
  a.enqueue(2, 'y')
  clock = 5000
  release()
  await a.idle()
  t.same(played, [1])
})

t.test('serial LED frames carry each row in the panel charset with a checksum', async (t) => {
  const rows = [Buffer.from('请A017号', 'latin1'), Buffer.from([0xc7, 0xeb, 0x41])]
  const frames = parseFrames(screenFrames(7, rows))
  t.same(
    frames.map((f) => [f.addr, f.cmd, f.row, f.data.length]),
    [
      [7, CMD_CLEAR, 0, 0],
      [7, CMD_LINE, 0, rows[0]!.length],
      [7, CMD_LINE, 1, 3],
    ],
  )
  t.same(frames[2]!.data, rows[1])
  const bytes = screenFrames(1, [Buffer.from('AB')])
  bytes[bytes.length - 2] = bytes[bytes.length - 2]! ^ 0xff
  t.throws(() => parseFrames(bytes), /checksum/)
})
