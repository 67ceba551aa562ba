// Framing of the serial LED protocol (one frame per display row), e.g. for RS-485 window panels:
//
//   0x02 STX | addr | 'L' (0x4C) | row | len | data[len] | xor | 0x03 ETX
//
// addr: the panel's bus address (profile.address, default 1); row: 0-based; data: the row's text
// in the panel charset (GB2312/GBK double bytes, ASCII single bytes), at most 255 bytes;
// xor: XOR of addr, 'L', row, len and every data byte. A clear-screen frame uses 'C' (0x43) with
// row 0 and len 0. Receivers parse by length, so STX/ETX values inside len/xor are not ambiguous.
export const STX = 0x02
export const ETX = 0x03
export const CMD_LINE = 0x4c
export const CMD_CLEAR = 0x43

export function frame(addr: number, cmd: number, row: number, data: Buffer): Buffer {
  if (data.length > 255) throw new Error('serial LED frame data exceeds 255 bytes')
  const head = Buffer.from([addr & 0xff, cmd, row & 0xff, data.length])
  let xor = 0
  for (const b of head) xor ^= b
  for (const b of data) xor ^= b
  return Buffer.concat([Buffer.from([STX]), head, data, Buffer.from([xor, ETX])])
}

/** The frames that put `rows` (already encoded) on the panel: clear, then one frame per row. */
export function screenFrames(addr: number, rows: Buffer[]): Buffer {
  return Buffer.concat([frame(addr, CMD_CLEAR, 0, Buffer.alloc(0)), ...rows.map((r, i) => frame(addr, CMD_LINE, i, r))])
}

export interface DecodedFrame {
  addr: number
  cmd: number
  row: number
  data: Buffer
}

/** Parses a byte stream of frames (for the simulator and tests); throws on a corrupt frame. */
export function parseFrames(buf: Buffer): DecodedFrame[] {
  const out: DecodedFrame[] = []
  let i = 0
  while (i < buf.length) {
    if (buf[i] !== STX || i + 7 > buf.length) throw new Error(`bad frame start at ${i}`)
    const [addr, cmd, row, len] = [buf[i + 1]!, buf[i + 2]!, buf[i + 3]!, buf[i + 4]!]
    const data = buf.subarray(i + 5, i + 5 + len)
    let xor = addr ^ cmd ^ row ^ len
    for (const b of data) xor ^= b
    if (buf[i + 5 + len] !== xor || buf[i + 6 + len] !== ETX) throw new Error(`bad checksum or ETX at ${i}`)
    out.push({ addr, cmd, row, data: Buffer.from(data) })
    i += 7 + len
  }
  return out
}
