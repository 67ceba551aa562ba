// Each scenario writes what it held and counted to test-artifacts/reliability/<name>.json (git
// ignores it), and prints it as a TAP comment, so docs/reliability.md can quote real runs.
import { mkdir, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

const DIR = fileURLToPath(new URL('../../../test-artifacts/reliability/', import.meta.url))

export async function record(name: string, figures: Record<string, unknown>): Promise<void> {
  await mkdir(DIR, { recursive: true })
  const body = { scenario: name, at: new Date().toISOString(), long: process.env.RELIABILITY_LONG === '1', ...figures }
  await writeFile(`${DIR}${name}.json`, JSON.stringify(body, null, 2) + '\n')
  const short = Object.fromEntries(Object.entries(figures).filter(([, v]) => !Array.isArray(v)))
  console.log(`# figures ${name}: ${JSON.stringify(short)}`)
}
