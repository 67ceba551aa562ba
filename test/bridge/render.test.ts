// Renderers: fitting to the device size, charset replacement, digit reading, payload limits.
import t from 'tap'
import iconv from 'iconv-lite'
import { encodable, textWidth, toCharset, truncateToWidth } from '../../firmware-bridge/src/render/charset.ts'
import { windowDisplayDesired, windowDisplayLines } from '../../firmware-bridge/src/render/window-display.ts'
import { keypadDesired } from '../../firmware-bridge/src/render/keypad-screen.ts'
import { announcement, cardinalZh, readDigitsZh } from '../../firmware-bridge/src/render/speech.ts'
import { ticketPrintJob, wrap } from '../../firmware-bridge/src/render/ticket-print.ts'
import { boardDesired } from '../../firmware-bridge/src/render/board.ts'
import { byteLength } from '../../firmware-bridge/src/protocol/envelope.ts'

const led = { cols: 16, rows: 2, charset: 'GB2312' as const }

t.test('a call on a 16x2 GB2312 panel reads 请A017号 / 到3号窗口', async (t) => {
  const f = windowDisplayLines({ window: '3', label: '3', status: 'open', number: 'A017' }, led)
  t.same(f.lines, ['请A017号', '到3号窗口'])
  t.equal(f.truncated, false)
})

t.test('narrower panels fall back to shorter layouts, never past their columns', async (t) => {
  const eight = windowDisplayLines(
    { window: '12', label: '12', status: 'open', number: 'A1017' },
    { cols: 8, rows: 2, charset: 'GB2312' },
  )
  // 请A1017号 is 2+5+2 = 9 columns: too wide for 8, so the number stands alone.
  t.same(eight.lines, ['A1017', '12号'])
  const one = windowDisplayLines(
    { window: '3', label: '3', status: 'open', number: 'A017' },
    { cols: 24, rows: 1, charset: 'GBK' },
  )
  t.same(one.lines, ['请A017号到3号窗口'])
  const tiny = windowDisplayLines(
    { window: '3', label: '3', status: 'open', number: 'A017' },
    { cols: 3, rows: 1, charset: 'GBK' },
  )
  t.same(tiny.lines, ['A01'], 'cut when nothing fits')
  t.equal(tiny.truncated, true)
  for (const cols of [4, 5, 7, 9, 11]) {
    const f = windowDisplayLines(
      { window: '10', label: '10', status: 'open', number: 'B123' },
      { cols, rows: 2, charset: 'GB2312' },
    )
    for (const l of f.lines) t.ok(textWidth(l, 'GB2312') <= cols, `${JSON.stringify(l)} fits ${cols} columns`)
  }
})

t.test('an idle window shows its label and state', async (t) => {
  t.same(windowDisplayLines({ window: '3', label: '3', status: 'paused', number: null }, led).lines, [
    '3号窗口',
    '暂停服务',
  ])
  t.same(windowDisplayLines({ window: '3', label: '3', status: 'open', number: null }, led).lines, [
    '3号窗口',
    '欢迎光临',
  ])
})

t.test('a double-width character is never split when cutting', async (t) => {
  t.equal(truncateToWidth('请A017号', 2, 'GBK'), '请')
  t.equal(truncateToWidth('请A017号', 1, 'GBK'), '')
  t.equal(truncateToWidth('请A017号', 6, 'GBK'), '请A017')
  t.equal(truncateToWidth('请A017号', 7, 'UTF-8'), '请A017')
})

t.test('characters the charset lacks are replaced, not garbled', async (t) => {
  // 喆 is in GBK but not GB2312; 😀 is in neither; € is GBK's single byte 0x80 only.
  t.same(toCharset('张喆', 'GB2312'), { text: '张?', replaced: 1 })
  t.same(toCharset('张喆', 'GBK'), { text: '张喆', replaced: 0 })
  t.same(toCharset('A😀B', 'GBK'), { text: 'A?B', replaced: 1 })
  t.same(toCharset('A😀B', 'UTF-8'), { text: 'A?B', replaced: 1 }, 'panel fonts stop at the BMP')
  t.same(toCharset('a\u0007b', 'UTF-8'), { text: 'a?b', replaced: 1 }, 'control characters never reach a panel')
  t.notOk(encodable('€', 'GB2312'))
  // The encoded bytes of a replaced line decode back to exactly the replaced text.
  const payload = windowDisplayDesired({ window: '3', label: '3', status: 'open', number: 'A017' }, led, 'x', 1)
  const lines = (payload.b as string[]).map((b) => iconv.decode(Buffer.from(b, 'base64'), 'gbk'))
  t.same(lines, ['请A017号', '到3号窗口'])
  const named = windowDisplayLines({ window: '3', label: '喆', status: 'paused', number: null }, led)
  t.same(named.lines, ['?号窗口', '暂停服务'])
  t.equal(named.replaced, 1)
})

t.test('MCU-bound payloads stay under 256 bytes', async (t) => {
  for (const [cols, rows] of [
    [16, 2],
    [32, 4],
    [64, 2],
    [24, 1],
  ] as const) {
    const p = windowDisplayDesired(
      { window: '10', label: '10', status: 'open', number: 'A1017' },
      { cols, rows, charset: 'GBK' },
      'abcdefgh',
      1700000000,
    )
    t.ok(byteLength(p) < 256, `${cols}x${rows}: ${byteLength(p)} bytes`)
  }
  const k = keypadDesired(
    { window: '3', status: 'open', number: 'A017', waiting: 12 },
    { cols: 16, rows: 2, charset: 'GB2312' },
    'abcdefgh',
    1700000000,
  )
  t.same(k.l, ['当前:A017', '等候:12人'])
  t.ok(byteLength(k) < 256)
})

t.test('ticket numbers are read digit by digit, window numbers as cardinals', async (t) => {
  t.equal(readDigitsZh('A017'), 'A零一七')
  t.equal(readDigitsZh('B100'), 'B一零零')
  t.equal(cardinalZh('3'), '三')
  t.equal(cardinalZh('10'), '十')
  t.equal(cardinalZh('12'), '十二')
  t.equal(cardinalZh('20'), '二十')
  t.equal(cardinalZh('35'), '三十五')
  t.equal(cardinalZh('105'), '一零五', 'past 99: digit by digit')
  const a = announcement({ number: 'A017', windowLabel: '3', languages: ['zh', 'en'], repeat: 2, chime: true })
  t.equal(a.text, '请A017号到3号窗口办理')
  t.equal(a.say, '请A零一七号到三号窗口办理')
  t.equal(a.en, 'Number A017, please go to window 3')
  t.equal(a.repeat, 2)
  t.same(a.clips, [
    'zh/qing',
    'zh/A',
    'zh/0',
    'zh/1',
    'zh/7',
    'zh/hao',
    'zh/dao',
    'zh/3',
    'zh/hao',
    'zh/chuangkou',
    'zh/banli',
    'en/number',
    'en/A',
    'en/0',
    'en/1',
    'en/7',
    'en/please-go-to-window',
    'en/3',
  ])
  const twelve = announcement({ number: 'C005', windowLabel: '12', languages: ['zh'], repeat: 1, chime: false })
  t.same(twelve.clips, [
    'zh/qing',
    'zh/C',
    'zh/0',
    'zh/0',
    'zh/5',
    'zh/hao',
    'zh/dao',
    'zh/10',
    'zh/2',
    'zh/hao',
    'zh/chuangkou',
    'zh/banli',
  ])
  t.equal(twelve.en, null)
  t.equal(
    announcement({ number: 'A017', windowLabel: '综合', languages: ['zh'], repeat: 1, chime: true }).clips,
    null,
    'no clips for a label without one',
  )
})

t.test('print jobs wrap Chinese by width and reduce text to the printer charset', async (t) => {
  t.same(wrap('前方等待 3 人，预计 9 分钟', 12, 'GBK'), ['前方等待 3 ', '人，预计 9 ', '分钟'])
  const job = ticketPrintJob(
    {
      hallName: '福田区市民中心',
      serviceName: '社保业务',
      number: 'A017',
      ahead: 6,
      etaSec: 1080,
      issuedAt: '2026-03-02 09:15',
      url: 'http://x/t/h/abc',
      notice: '请留意叫号😀',
    },
    32,
    'GBK',
  )
  t.equal(job.lines.find((l) => l.size === 3)?.text, 'A017')
  t.ok(job.lines.some((l) => l.text === '前方等待 6 人，预计 18 分钟'))
  t.equal(job.qr, 'http://x/t/h/abc')
  t.ok(job.footer.some((l) => l.text === '请留意叫号?'))
})

t.test('the board lists recent calls, windows and waits', async (t) => {
  const b = boardDesired(
    {
      recent: [
        { number: 'A018', window: '3', label: '3', recall: false },
        { number: 'A017', window: '1', label: '1', recall: true },
      ],
      windows: [{ id: '1', label: '1', name: '1号窗口', status: 'open', number: 'A017' }],
      services: [{ id: 'a', name: '社保', nameEn: 'Social security', waiting: 4, etaSec: 610 }],
      maxRecent: 1,
      languages: ['zh', 'en'],
    },
    'id1',
    1,
  )
  t.same(b.recent, [{ num: 'A018', win: '3', text: '请A018号到3号窗口', en: 'A018 → window 3' }])
  t.same(b.services, [{ svc: 'a', name: '社保', nameEn: 'Social security', wait: 4, etaMin: 11 }])
})
