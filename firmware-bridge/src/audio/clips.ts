// The clip library of the offline speaker: one short WAV per word, made at build time by
// espeak-ng (build-clips.ts). Chinese words use the `cmn-latn-pinyin` voice with tone numbers
// (Debian's plain `cmn` voice mispronounces Hanzi); letters and English words the `en-us` voice.
// These are placeholders with the right shape: a hall replaces them with recorded clips of the
// same names.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Announcement } from '../render/speech.ts'
import { chime, concatPcm, parseWav, silence, type Pcm } from './wav.ts'

export const DEFAULT_CLIP_DIR = fileURLToPath(new URL('../../clips/', import.meta.url))

const PINYIN_DIGITS = ['ling2', 'yi1', 'er4', 'san1', 'si4', 'wu3', 'liu4', 'qi1', 'ba1', 'jiu3']
const EN_DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('')

export interface ClipSpec {
  key: string
  voice: string
  text: string
}

/** Every clip an announcement can use (speech.ts builds keys from these names). */
export function clipSpecs(): ClipSpec[] {
  const zh = (key: string, text: string): ClipSpec => ({ key: `zh/${key}`, voice: 'cmn-latn-pinyin', text })
  const en = (key: string, text: string): ClipSpec => ({ key: `en/${key}`, voice: 'en-us', text })
  return [
    zh('qing', 'qing3'),
    zh('hao', 'hao4'),
    zh('dao', 'dao4'),
    zh('chuangkou', 'chuang1 kou3'),
    zh('banli', 'ban4 li3'),
    zh('10', 'shi2'),
    ...PINYIN_DIGITS.map((p, d) => zh(String(d), p)),
    // Ticket letters are said by their English names in Chinese announcements too.
    ...LETTERS.map((l) => ({ key: `zh/${l}`, voice: 'en-us', text: l })),
    en('number', 'Number'),
    en('please-go-to-window', 'please go to window'),
    ...EN_DIGITS.map((w, d) => en(String(d), w)),
    ...LETTERS.map((l) => en(l, l)),
  ]
}

export const clipFile = (dir: string, key: string): string => join(dir, `${key.replace('/', '_')}.wav`)

/** True when every clip the announcement needs is present in `dir`. */
export const hasClips = (dir: string, keys: string[]): boolean => keys.every((k) => existsSync(clipFile(dir, k)))

const GAP_MS = 60
const REPEAT_PAUSE_MS = 700

/** The whole announcement as one PCM stream: chime, then the clips, `repeat` times. */
export async function renderAnnouncementAudio(dir: string, a: Announcement): Promise<Pcm> {
  if (!a.clips) throw new Error('announcement has no clip form')
  const words = await Promise.all(a.clips.map(async (k) => parseWav(await readFile(clipFile(dir, k)))))
  const once = concatPcm(words, GAP_MS)
  const parts: Pcm[] = []
  for (let i = 0; i < a.repeat; i++) {
    if (i > 0) parts.push(silence(once, REPEAT_PAUSE_MS))
    if (a.chime) parts.push(chime(once.sampleRate), silence(once, 200))
    parts.push(once)
  }
  return concatPcm(parts)
}
