// Minimal PCM WAV handling for the offline speaker: read a clip, join clips with silence, write
// the result, synthesise the chime. All clips share one format (espeak-ng's 22050 Hz mono s16le).

export interface Pcm {
  sampleRate: number
  channels: number
  bitsPerSample: number
  data: Buffer
}

export function parseWav(buf: Buffer): Pcm {
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE')
    throw new Error('not a WAV file')
  let fmt: Omit<Pcm, 'data'> | null = null
  let off = 12
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4)
    let size = buf.readUInt32LE(off + 4)
    // Streamed WAVs (e.g. written to a pipe) leave the size at a placeholder: take what is there.
    if (off + 8 + size > buf.length) size = buf.length - off - 8
    if (id === 'fmt ') {
      if (buf.readUInt16LE(off + 8) !== 1) throw new Error('WAV is not PCM')
      fmt = {
        channels: buf.readUInt16LE(off + 10),
        sampleRate: buf.readUInt32LE(off + 12),
        bitsPerSample: buf.readUInt16LE(off + 22),
      }
    } else if (id === 'data') {
      if (!fmt) throw new Error('WAV data before fmt')
      return { ...fmt, data: buf.subarray(off + 8, off + 8 + size) }
    }
    off += 8 + size + (size % 2)
  }
  throw new Error('WAV has no data chunk')
}

export function writeWav(p: Pcm): Buffer {
  const h = Buffer.alloc(44)
  const blockAlign = (p.channels * p.bitsPerSample) / 8
  h.write('RIFF', 0, 'ascii')
  h.writeUInt32LE(36 + p.data.length, 4)
  h.write('WAVEfmt ', 8, 'ascii')
  h.writeUInt32LE(16, 16)
  h.writeUInt16LE(1, 20)
  h.writeUInt16LE(p.channels, 22)
  h.writeUInt32LE(p.sampleRate, 24)
  h.writeUInt32LE(p.sampleRate * blockAlign, 28)
  h.writeUInt16LE(blockAlign, 32)
  h.writeUInt16LE(p.bitsPerSample, 34)
  h.write('data', 36, 'ascii')
  h.writeUInt32LE(p.data.length, 40)
  return Buffer.concat([h, p.data])
}

export const durationMs = (p: Pcm): number =>
  (p.data.length / ((p.channels * p.bitsPerSample) / 8) / p.sampleRate) * 1000

export const silence = (like: Omit<Pcm, 'data'>, ms: number): Pcm => ({
  ...like,
  data: Buffer.alloc(Math.round((like.sampleRate * ms) / 1000) * ((like.channels * like.bitsPerSample) / 8)),
})

/** Joins clips of one format; `gapMs` of silence between them. */
export function concatPcm(parts: Pcm[], gapMs = 0): Pcm {
  const first = parts[0]
  if (!first) throw new Error('nothing to join')
  const fmt = { sampleRate: first.sampleRate, channels: first.channels, bitsPerSample: first.bitsPerSample }
  const chunks: Buffer[] = []
  parts.forEach((p, i) => {
    if (p.sampleRate !== fmt.sampleRate || p.channels !== fmt.channels || p.bitsPerSample !== fmt.bitsPerSample)
      throw new Error('clips differ in format')
    if (i > 0 && gapMs > 0) chunks.push(silence(fmt, gapMs).data)
    chunks.push(p.data)
  })
  return { ...fmt, data: Buffer.concat(chunks) }
}

/** The two-tone hall chime (叮咚), 16-bit mono. */
export function chime(sampleRate = 22050): Pcm {
  const tones: [number, number][] = [
    [880, 0.35],
    [659.25, 0.5],
  ]
  const samples: number[] = []
  for (const [freq, sec] of tones) {
    const n = Math.round(sampleRate * sec)
    for (let i = 0; i < n; i++) {
      const envelope = Math.exp((-3 * i) / n)
      samples.push(Math.round(Math.sin((2 * Math.PI * freq * i) / sampleRate) * envelope * 0.5 * 32767))
    }
  }
  const data = Buffer.alloc(samples.length * 2)
  samples.forEach((s, i) => data.writeInt16LE(s, i * 2))
  return { sampleRate, channels: 1, bitsPerSample: 16, data }
}
