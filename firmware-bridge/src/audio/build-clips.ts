// Build step: makes the placeholder clip library with espeak-ng.
//   tsx firmware-bridge/src/audio/build-clips.ts [outDir]
// Needs espeak-ng (Debian: apt-get install espeak-ng). Without it, prints why and exits 0: the
// speaker then falls back to publishing the announcement text.
import { execFile } from 'node:child_process'
import { mkdir } from 'node:fs/promises'
import { promisify } from 'node:util'
import { DEFAULT_CLIP_DIR, clipFile, clipSpecs } from './clips.ts'

const run = promisify(execFile)

export async function espeakAvailable(): Promise<boolean> {
  try {
    await run('espeak-ng', ['--version'])
    return true
  } catch {
    return false
  }
}

/** Writes every clip into `dir`; returns how many were made. */
export async function buildClips(dir: string = DEFAULT_CLIP_DIR): Promise<number> {
  await mkdir(dir, { recursive: true })
  const specs = clipSpecs()
  for (const s of specs) await run('espeak-ng', ['-v', s.voice, '-s', '150', '-w', clipFile(dir, s.key), s.text])
  return specs.length
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? DEFAULT_CLIP_DIR
  if (!(await espeakAvailable())) {
    console.error('espeak-ng not found: no clips built (speakers will receive text only)')
  } else {
    console.log(`built ${await buildClips(dir)} clips in ${dir}`)
  }
}
